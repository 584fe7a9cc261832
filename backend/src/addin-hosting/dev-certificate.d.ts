/**
 * A self-signed certificate for https://localhost, made on first start and kept in the data
 * directory, so that it is trusted once and stays trusted. Office loads add-ins over HTTPS only.
 * A certificate that expires within RENEW_BEFORE_DAYS is replaced (and must be trusted again).
 */
export declare const CERTIFICATE_VALID_DAYS = 365;
export interface DevCertificate {
    cert: string;
    key: string;
    certPath: string;
    /** True when this start made it: the person must trust it before Office will load the add-in. */
    created: boolean;
    validTo: Date;
}
export declare function certificatePaths(dataDir: string): {
    certPath: string;
    keyPath: string;
};
export declare function loadOrCreateDevCertificate(dataDir: string, now?: Date): Promise<DevCertificate>;
