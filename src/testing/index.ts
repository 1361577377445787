/**
 * seekrflow-client/testing: a stand-in SeekrFlow server on 127.0.0.1, so that code using this
 * client can be tested without the real API.
 *
 * ```ts
 * const server = await startStandIn();
 * const flow = new SeekrFlow({ apiKey: "test", baseUrl: server.url });
 * // …
 * await server.close();
 * ```
 */
export { startStandIn, type SeenRequest, type StandIn, type StandInOptions } from "./stand-in.js";
export type { ClockOption } from "./clock.js";
export type { LifecycleOptions, StoredFile } from "./state.js";
