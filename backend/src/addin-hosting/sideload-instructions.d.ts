import type { AddinHttpsServer } from './addin-https-server.ts';
/**
 * What `npm start` prints about the Excel add-in: where it is served, how to trust the development
 * certificate on this computer, and how to sideload the manifest (README, "Excel add-in", has the
 * steps in full).
 */
/** The committed development manifest is written for this port; another needs `npm run manifests`. */
export declare const DEV_MANIFEST_PORT = 8443;
export declare function trustCommand(certificatePath: string, platform?: NodeJS.Platform): string;
export declare function sideloadInstructions(addin: Pick<AddinHttpsServer, 'url' | 'port' | 'certificatePath' | 'certificateCreated'>, platform?: NodeJS.Platform): string[];
