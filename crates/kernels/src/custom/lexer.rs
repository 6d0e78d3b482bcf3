//! Source text to tokens, with Python's indentation as `Indent`/`Dedent` tokens.

use super::errors::{Pos, SourceError};

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// Names and keywords alike: the parser tells them apart.
    Name(String),
    Int(i64),
    Float(f64),
    Op(&'static str),
    Newline,
    Indent,
    Dedent,
    End,
}

#[derive(Debug, Clone)]
pub struct Token {
    pub tok: Tok,
    pub pos: Pos,
}

/// Longest first, so that `**=` is not read as `**` and `=`.
const OPS: [&str; 28] = [
    "**=", "//=", "**", "//", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "->", "(", ")", ",", ":", ".", "+",
    "-", "*", "/", "%", "=", "<", ">", ";",
];

const TAB_WIDTH: u32 = 8;

struct Lexer {
    chars: Vec<char>,
    at: usize,
    pos: Pos,
    tokens: Vec<Token>,
    indents: Vec<u32>,
    parens: Vec<Pos>,
}

pub fn tokenize(source: &str) -> Result<Vec<Token>, SourceError> {
    let mut lexer = Lexer {
        chars: source.chars().collect(),
        at: 0,
        pos: Pos { line: 1, column: 1 },
        tokens: Vec::new(),
        indents: vec![0],
        parens: Vec::new(),
    };
    lexer.run()?;
    Ok(lexer.tokens)
}

impl Lexer {
    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    fn bump(&mut self) {
        if self.chars[self.at] == '\n' {
            self.pos.line += 1;
            self.pos.column = 1;
        } else {
            self.pos.column += 1;
        }
        self.at += 1;
    }

    fn push(&mut self, tok: Tok, pos: Pos) {
        self.tokens.push(Token { tok, pos });
    }

    fn run(&mut self) -> Result<(), SourceError> {
        let mut line_start = true;
        loop {
            if line_start && self.parens.is_empty() {
                if !self.indentation()? {
                    break;
                }
                line_start = false;
            }
            let Some(c) = self.peek_at(0) else { break };
            let pos = self.pos;
            match c {
                ' ' | '\t' | '\r' | '\x0c' => self.bump(),
                '#' => {
                    while self.peek_at(0).is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                '\\' if self.peek_at(1) == Some('\n') => {
                    self.bump();
                    self.bump();
                }
                '\n' => {
                    if self.parens.is_empty() {
                        self.push(Tok::Newline, pos);
                        line_start = true;
                    }
                    self.bump();
                }
                c if c.is_ascii_digit() || (c == '.' && self.peek_at(1).is_some_and(|d| d.is_ascii_digit())) => {
                    self.number()?
                }
                c if c.is_ascii_alphabetic() || c == '_' => {
                    let mut name = String::new();
                    while let Some(c) = self.peek_at(0).filter(|c| c.is_ascii_alphanumeric() || *c == '_') {
                        name.push(c);
                        self.bump();
                    }
                    self.push(Tok::Name(name), pos);
                }
                _ => self.operator(c, pos)?,
            }
        }
        if let Some(open) = self.parens.last() {
            return Err(SourceError::new(*open, "this '(' is never closed"));
        }
        let pos = self.pos;
        if self.tokens.last().is_some_and(|t| !matches!(t.tok, Tok::Newline | Tok::Dedent)) {
            self.push(Tok::Newline, pos);
        }
        for _ in 1..self.indents.len() {
            self.push(Tok::Dedent, pos);
        }
        self.push(Tok::End, pos);
        Ok(())
    }

    /// Reads the indentation of the next line that holds code and emits `Indent`/`Dedent`;
    /// false at the end of the source.
    fn indentation(&mut self) -> Result<bool, SourceError> {
        loop {
            let mut width = 0;
            while let Some(c) = self.peek_at(0).filter(|c| matches!(c, ' ' | '\t' | '\r' | '\x0c')) {
                width = if c == '\t' { (width / TAB_WIDTH + 1) * TAB_WIDTH } else { width + 1 };
                self.bump();
            }
            match self.peek_at(0) {
                None => return Ok(false),
                Some('\n') => self.bump(),
                Some('#') => {
                    while self.peek_at(0).is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                Some(_) => {
                    let pos = self.pos;
                    let top = *self.indents.last().expect("the indent stack starts with 0");
                    if width > top {
                        self.indents.push(width);
                        self.push(Tok::Indent, pos);
                    }
                    while width < *self.indents.last().expect("the indent stack starts with 0") {
                        self.indents.pop();
                        self.push(Tok::Dedent, pos);
                    }
                    if width != *self.indents.last().expect("the indent stack starts with 0") {
                        return Err(SourceError::new(pos, "this line's indentation matches no outer block"));
                    }
                    return Ok(true);
                }
            }
        }
    }

    fn number(&mut self) -> Result<(), SourceError> {
        let pos = self.pos;
        let mut text = String::new();
        let mut is_float = false;
        let digits = |lexer: &mut Lexer, text: &mut String| {
            while let Some(c) = lexer.peek_at(0).filter(|c| c.is_ascii_digit() || *c == '_') {
                if c != '_' {
                    text.push(c);
                }
                lexer.bump();
            }
        };
        digits(self, &mut text);
        if text == "0" && self.peek_at(0).is_some_and(|c| "xXoObB".contains(c)) {
            return Err(SourceError::new(
                pos,
                "hexadecimal, octal and binary numbers are not supported here: write it in decimal",
            ));
        }
        if self.peek_at(0) == Some('.') {
            is_float = true;
            text.push('.');
            self.bump();
            digits(self, &mut text);
        }
        if self.peek_at(0).is_some_and(|c| c == 'e' || c == 'E') {
            is_float = true;
            text.push('e');
            self.bump();
            if let Some(sign) = self.peek_at(0).filter(|c| *c == '+' || *c == '-') {
                text.push(sign);
                self.bump();
            }
            if !self.peek_at(0).is_some_and(|c| c.is_ascii_digit()) {
                return Err(SourceError::new(pos, "this number's exponent has no digits"));
            }
            digits(self, &mut text);
        }
        match self.peek_at(0) {
            Some('j' | 'J') => return Err(SourceError::new(pos, "complex numbers are not supported here")),
            Some(c) if c.is_ascii_alphanumeric() || c == '_' => {
                return Err(SourceError::new(self.pos, "invalid number: a letter follows its digits"));
            }
            _ => {}
        }
        if is_float {
            let value = text.parse().map_err(|_| SourceError::new(pos, "invalid number"))?;
            self.push(Tok::Float(value), pos);
        } else if text.len() > 1 && text.starts_with('0') && text.chars().any(|c| c != '0') {
            return Err(SourceError::new(pos, "leading zeros are not allowed in an int (Python refuses them too)"));
        } else {
            let value = text.parse().map_err(|_| {
                SourceError::new(pos, format!("this number does not fit in a 64-bit int (the largest is {})", i64::MAX))
            })?;
            self.push(Tok::Int(value), pos);
        }
        Ok(())
    }

    fn operator(&mut self, c: char, pos: Pos) -> Result<(), SourceError> {
        let refuse = |message: &str| Err(SourceError::new(pos, message));
        match c {
            '[' | ']' => return refuse("lists are not supported here: f gets one number and returns one number"),
            '{' | '}' => {
                return refuse("dicts and sets are not supported here: f gets one number and returns one number");
            }
            '"' | '\'' => return refuse("strings are not supported here: f gets one number and returns one number"),
            '&' | '|' | '^' | '~' => return refuse("bitwise operators are not supported here"),
            '<' | '>' if self.peek_at(1) == Some(c) => return refuse("bitwise shifts are not supported here"),
            '@' => return refuse("decorators and @ are not supported here"),
            _ => {}
        }
        let matched = OPS.iter().find(|op| op.chars().enumerate().all(|(i, o)| self.peek_at(i) == Some(o)));
        let Some(&op) = matched else {
            return refuse(&format!("the character {c:?} is not allowed here"));
        };
        for _ in 0..op.chars().count() {
            self.bump();
        }
        match op {
            "(" => self.parens.push(pos),
            ")" if self.parens.pop().is_none() => return refuse("this ')' closes nothing"),
            _ => {}
        }
        self.push(Tok::Op(op), pos);
        Ok(())
    }
}
