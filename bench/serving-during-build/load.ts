// The load generator of run.ts, in a process of its own: the build runs on the service's main
// thread, and a load generator sharing that thread would measure its own stall, not the server's.
// Started with fork(): gets its options as JSON in argv, loads until the parent sends "stop" (or
// the time cap), and sends autocannon's result back.
import autocannon from "autocannon";

const options = JSON.parse(process.argv[2] ?? "{}") as autocannon.Options;
const instance = autocannon(options, (error, result) => {
  process.send?.(error ? { error: String(error) } : { result }, () => process.exit(0));
});
// Measuring starts now: the parent times its phase from this message (the process took a while to start).
process.send?.("started");
process.on("message", (message) => {
  if (message === "stop") instance.stop();
});
