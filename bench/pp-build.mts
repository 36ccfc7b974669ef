import { ensureBuild } from "@cica/cms/start";
const t = Date.now();
console.log("built:", await ensureBuild({ env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, log: console.log }), (Date.now() - t) / 1000, "s");
