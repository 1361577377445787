/** The folder of the CLI's modules (the CommonJS build's ./module-dir.ts). */
export const moduleDir: string = __dirname;
