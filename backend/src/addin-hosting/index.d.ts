export { ADDIN_CONTENT_SECURITY_POLICY, ADDIN_PATH, DEFAULT_ADDIN_DIST, serveAddin } from './addin-static.ts';
export { startAddinHttpsServer, type AddinHttpsServer } from './addin-https-server.ts';
export { certificatePaths, loadOrCreateDevCertificate, type DevCertificate } from './dev-certificate.ts';
export { DEV_MANIFEST_PORT, sideloadInstructions, trustCommand } from './sideload-instructions.ts';
export { addinHttpsPort, DEFAULT_ADDIN_HTTPS_PORT } from './addin-https-port.ts';
