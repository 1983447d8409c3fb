// Node-RED settings for bench/run.sh: the flow in flow.json on 127.0.0.1,
// port from PORT, no editor or admin API, logs at warn, no telemetry.
// Node-RED runs it as its settings file (run.sh passes --settings).
const path = require("path");

module.exports = {
	uiHost: "127.0.0.1",
	uiPort: Number(process.env.PORT || 1880),
	userDir: process.env.NODE_RED_USER_DIR || path.join(__dirname, "..", ".nodered", "userdir"),
	flowFile: path.join(__dirname, "flow.json"),
	flowFilePretty: true,
	credentialSecret: false,
	// No editor and no admin API: only the flow's own HTTP endpoints.
	httpAdminRoot: false,
	httpNodeRoot: "/",
	httpStatic: false,
	disableEditor: true,
	logging: {
		console: {level: "warn", metrics: false, audit: false},
	},
	diagnostics: {enabled: false, ui: false},
	telemetry: {enabled: false},
	runtimeState: {enabled: false, ui: false},
	externalModules: {autoInstall: false, palette: {allowInstall: false}, modules: {allowInstall: false}},
	functionExternalModules: false,
	exportGlobalContextKeys: false,
};
