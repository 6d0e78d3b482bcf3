// For a page that embeds parlab demos (the course book does; any page may): sizes each parlab
// frame to its content, and hands the page's own light or dark theme to every frame.
//
// Frames are `iframe.parlab-embed`. Each posts { type: 'parlab:resize', height } whenever its
// height changes; the frame that sent it gets that height. The theme follows mdBook's classes on
// <html> (coal, navy and ayu are dark; light and rust light). Where the page's theme is the
// system's (or the page has none), frames stay on `auto`, which follows the system too; a page
// themed otherwise puts `theme=` in their URLs. A frame whose address waits in
// `data-parlab-src` (the course book's) gets it from here with the theme already in it, so it
// loads once; a frame with a `src` that loaded before the theme was known is reloaded.
(() => {
  const DARK = ['coal', 'navy', 'ayu'];
  const LIGHT = ['light', 'rust'];
  const frames = () => [...document.querySelectorAll('iframe.parlab-embed')];

  addEventListener('message', (event) => {
    if (event.data?.type !== 'parlab:resize' || !Number.isFinite(event.data.height)) return;
    const frame = frames().find((f) => f.contentWindow === event.source);
    if (frame) frame.style.height = `${Math.ceil(event.data.height)}px`;
  });

  /** `dark`, `light`, or null when the page has no mdBook theme. */
  function pageTheme() {
    const classes = document.documentElement.classList;
    if (DARK.some((c) => classes.contains(c))) return 'dark';
    if (LIGHT.some((c) => classes.contains(c))) return 'light';
    return null;
  }

  /** The theme a frame should be told: none (`auto`) when the page's equals the system's. */
  function wantedTheme() {
    const theme = pageTheme();
    const system = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    return theme === system ? null : theme;
  }

  function applyTheme() {
    const theme = wantedTheme();
    for (const frame of frames()) {
      const address = frame.getAttribute('src') ?? frame.dataset.parlabSrc;
      if (!address) continue;
      const url = new URL(address, location.href);
      if (!frame.hasAttribute('src')) {
        if (theme) url.searchParams.set('theme', theme);
        frame.setAttribute('src', url.href);
        continue;
      }
      if (url.searchParams.get('theme') === theme) continue;
      if (theme) url.searchParams.set('theme', theme);
      else url.searchParams.delete('theme');
      frame.setAttribute('src', url.href);
    }
  }

  applyTheme();
  new MutationObserver(applyTheme).observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
})();
