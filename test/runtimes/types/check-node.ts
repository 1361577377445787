// What a Node consumer's tests write against seekrflow-client/testing (needs @types/node).
import { SeekrFlow } from "seekrflow-client/node";
import { startStandIn } from "seekrflow-client/testing";

export async function againstStandIn(): Promise<number> {
  const server = await startStandIn({ clock: "manual" });
  const flow = new SeekrFlow({ apiKey: "sk-test", baseUrl: server.url });
  const page = await flow.files.list();
  await server.close();
  return page.data.length;
}
