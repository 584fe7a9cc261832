import './pane-app.ts';

/**
 * The task pane's entry, loaded by the shared runtime's page after office.js and the functions.
 * The pane starts once Office is ready, so that OfficeRuntime.storage (where the sign-in is kept)
 * and Excel.run are there.
 */
function mount(): void {
  document.body.style.margin = '0';
  document.body.append(document.createElement('scorebridge-pane'));
}

if (typeof Office === 'undefined') {
  document.body.textContent = 'Scorebridge runs inside Excel: open it from the Scorebridge button on the Home tab.';
} else {
  void Office.onReady().then(mount);
}
