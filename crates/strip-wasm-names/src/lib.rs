//! Drops the custom `name` section from a WebAssembly module.
//!
//! The release build strips Rust's symbol names (`strip = true`), but wasm-bindgen writes a
//! `name` section of its own for the shims it generates: 10 KB, 1.1 KB gzipped, of the 300 KB
//! the published wasm may weigh, read only by debuggers. Neither Trunk nor wasm-bindgen's flags
//! that Trunk passes can leave it out, so Trunk's post-build hook runs this on the staged wasm.

/// The module without its custom sections named `name`; every other byte as it was.
pub fn without_name_section(module: &[u8]) -> Result<Vec<u8>, String> {
    const HEADER: [u8; 8] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    if module.get(..8) != Some(&HEADER[..]) {
        return Err("not a WebAssembly module (version 1): its first 8 bytes differ".to_owned());
    }
    let mut kept = HEADER.to_vec();
    let mut at = 8;
    while at < module.len() {
        let start = at;
        let id = module[at];
        let (size, body) =
            read_u32(module, at + 1).ok_or_else(|| format!("a section at byte {start} has no valid size"))?;
        let end = body.checked_add(size as usize).filter(|&end| end <= module.len());
        let end = end.ok_or_else(|| format!("the section at byte {start} runs past the end of the module"))?;
        if !(id == 0 && custom_section_name(&module[body..end]) == Some(&b"name"[..])) {
            kept.extend_from_slice(&module[start..end]);
        }
        at = end;
    }
    Ok(kept)
}

/// The name a custom section's body starts with.
fn custom_section_name(body: &[u8]) -> Option<&[u8]> {
    let (length, from) = read_u32(body, 0)?;
    body.get(from..from.checked_add(length as usize)?)
}

/// An unsigned LEB128 number at `at`: its value and the index after it.
fn read_u32(bytes: &[u8], at: usize) -> Option<(u32, usize)> {
    let mut value = 0u32;
    for (i, &byte) in bytes.get(at..)?.iter().take(5).enumerate() {
        value |= u32::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Some((value, at + i + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: [u8; 8] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

    fn custom(name: &str, payload: &[u8]) -> Vec<u8> {
        let mut body = vec![name.len() as u8];
        body.extend_from_slice(name.as_bytes());
        body.extend_from_slice(payload);
        let mut section = vec![0, body.len() as u8];
        section.extend(body);
        section
    }

    #[test]
    fn drops_only_the_name_section() {
        let types = [1, 4, 1, 0x60, 0, 0];
        let producers = custom("producers", &[0]);
        let module = [&HEADER[..], &types, &custom("name", &[1, 2, 3]), &producers].concat();
        assert_eq!(without_name_section(&module).unwrap(), [&HEADER[..], &types, &producers].concat());
    }

    #[test]
    fn a_module_without_one_is_unchanged() {
        let module = [&HEADER[..], &[1, 4, 1, 0x60, 0, 0], &custom("namex", &[9])].concat();
        assert_eq!(without_name_section(&module).unwrap(), module);
    }

    #[test]
    fn multi_byte_sizes_are_read() {
        let payload = vec![7; 300];
        let mut section = vec![0, 0xb1, 0x02, 4];
        section.extend_from_slice(b"name");
        section.extend_from_slice(&payload);
        assert_eq!(section.len() - 3, 305);
        assert_eq!(without_name_section(&[&HEADER[..], &section].concat()).unwrap(), HEADER);
    }

    #[test]
    fn damaged_input_is_an_error_not_a_panic() {
        assert!(without_name_section(b"hello world").is_err());
        assert!(without_name_section(&[&HEADER[..], &[1, 9, 0]].concat()).unwrap_err().contains("past the end"));
        assert!(without_name_section(&[&HEADER[..], &[1, 0x80]].concat()).unwrap_err().contains("no valid size"));
    }
}
