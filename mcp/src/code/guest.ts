/**
 * What the guest sees, defined in the guest itself before its code runs: `flow`, a Proxy that
 * turns `flow.dataJobs.create(body)` (however it is spelled) into one call to the host with the
 * method's name and JSON arguments; and `console`, whose lines go back with the result. Each
 * call returns a thenable that is also async-iterable, so that `await flow.dataJobs.list()` is
 * a page and `for await (const job of flow.dataJobs.list())` walks every one (the host keeps
 * the walk). The host's functions are taken into this closure and removed from the global.
 */
export const GUEST_PRELUDE = `(() => {
  const host = globalThis.__host;
  const log = globalThis.__log;
  delete globalThis.__host;
  delete globalThis.__log;
  const fail = (error) => {
    const thrown = new Error(error.message);
    for (const [key, value] of Object.entries(error)) if (key !== "message") thrown[key] = value;
    return thrown;
  };
  const call = async (method, args) => {
    const answer = JSON.parse(await host(JSON.stringify({ method, args })));
    if (!answer.ok) throw fail(answer.error);
    return answer.value;
  };
  const result = (method, args) => {
    let once;
    const value = () => (once ??= call(method, args));
    return {
      then: (resolve, reject) => value().then(resolve, reject),
      catch: (reject) => value().catch(reject),
      finally: (done) => value().finally(done),
      [Symbol.asyncIterator]() {
        let walk;
        return {
          async next() {
            walk ??= await call("walk.open", [method, args]);
            return call("walk.next", [walk]);
          },
          async return() {
            if (walk !== undefined) await call("walk.close", [walk]);
            return { done: true, value: undefined };
          },
        };
      },
    };
  };
  const node = (path) =>
    new Proxy(function () {}, {
      get: (_target, key) =>
        typeof key === "string" && key !== "then" ? node([...path, key]) : undefined,
      apply: (_target, _this, args) => result(path.join("."), JSON.parse(JSON.stringify(args))),
      set: () => false,
      defineProperty: () => false,
      setPrototypeOf: () => false,
    });
  const text = (value) =>
    typeof value === "string" ? value : value instanceof Error ? String(value) : JSON.stringify(value);
  const say = (...values) => log(values.map(text).join(" "));
  globalThis.flow = node([]);
  globalThis.console = { log: say, info: say, warn: say, error: say, debug: say };
  globalThis.__result = (value, max) => {
    const json = JSON.stringify(value === undefined ? null : value);
    return json.length > max ? { json: json.slice(0, max), cut: true } : { json, cut: false };
  };
})();`;
