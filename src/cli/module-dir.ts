/** The folder of the CLI's modules (ESM; ./module-dir-cjs.cts is the CommonJS build's). */
// @ts-ignore -- tshy compiles this file for CommonJS too, then puts module-dir-cjs.cts in its place
export const moduleDir: string = import.meta.dirname;
