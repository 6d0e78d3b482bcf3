// Says so when this chapter is the copy the browser kept (the service worker that keeps parlab
// for offline use answers `parlab:from-cache?`), as the app's own pages do: a student on a
// train should know the page is not fresh, and that its demos still run.
(() => {
  const controller = navigator.serviceWorker?.controller;
  if (!controller) return;
  navigator.serviceWorker.addEventListener('message', (event) => {
    if (event.data?.type !== 'parlab:from-cache' || !event.data.fromCache) return;
    const note = document.createElement('p');
    note.className = 'parlab-offline';
    note.dataset.testid = 'offline';
    note.setAttribute('role', 'status');
    note.textContent = 'Offline: this chapter is the copy this browser kept on your last visit. Its demos run from that copy too.';
    document.querySelector('main')?.prepend(note);
  });
  controller.postMessage({ type: 'parlab:from-cache?' });
})();
