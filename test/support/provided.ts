/** What the test run's global setup provides to tests (./build-setup.ts). */
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** The consumer project's folder (./consumer.ts). */
    consumer: string;
  }
}

/** The consumer project's folder: the packed package installed, with test/runtimes/ beside it. */
export const consumer = (): string => inject("consumer");
