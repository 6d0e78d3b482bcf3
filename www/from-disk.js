// Opened from disk (a `file:` address, e.g. an unzipped site double-clicked), browsers run no
// module scripts, so boot.js never starts and only the CSS-delayed message would appear, after
// seconds. This classic script does run from disk: it says at once how to serve the folder.
if (location.protocol === 'file:') {
  const boot = document.getElementById('boot');
  boot.querySelector('.boot-reason').textContent =
    'This page was opened from disk (a file: address). Browsers run no module scripts and give no threads there, so parlab cannot start. ' +
    'Serve the folder instead: in it, run “python3 -m http.server 8000” and open http://localhost:8000/ — the README’s Hosting section lists hosts that give threads.';
  boot.querySelector('.boot-open')?.remove();
  boot.classList.add('failed', 'from-disk');
}
