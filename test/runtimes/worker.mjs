// A Workers module (workerd), bundled by esbuild with the conditions Workers tools use.
import * as client from "seekrflow-client";
import { scenario } from "./scenario.mjs";

export default {
  async fetch(_request, env) {
    try {
      return Response.json(await scenario(client, env.STAND_IN));
    } catch (error) {
      return Response.json(
        { error: String(error && error.stack ? error.stack : error) },
        { status: 500 },
      );
    }
  },
};
