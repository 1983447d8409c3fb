package sqlite

// deliveriesSchema is the migration of outbound webhook subscriptions,
// their health and their deliveries. subscription_routes lists each
// subscription's (event type, channel) pairs, the key an event is matched
// on. The columns of deliveries hold what lookups and claims need; doc
// holds the rest but the event data and the attempt log, which have
// columns of their own so that listings do not read them. deliveries_due
// keeps only pending deliveries, which is what the claim query looks for.
const deliveriesSchema = `CREATE TABLE subscriptions (
		id         TEXT PRIMARY KEY,
		status     TEXT NOT NULL,
		reason     TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL,
		doc        TEXT NOT NULL
	) STRICT;
	CREATE INDEX subscriptions_created_at ON subscriptions (created_at, id);

	CREATE TABLE subscription_routes (
		event_type      TEXT NOT NULL,
		channel         TEXT NOT NULL,
		subscription_id TEXT NOT NULL,
		PRIMARY KEY (event_type, channel, subscription_id)
	) STRICT, WITHOUT ROWID;
	CREATE INDEX subscription_routes_subscription ON subscription_routes (subscription_id);

	CREATE TABLE subscription_health (
		subscription_id TEXT PRIMARY KEY,
		doc             TEXT NOT NULL
	) STRICT;

	CREATE TABLE deliveries (
		id              TEXT PRIMARY KEY,
		subscription_id TEXT NOT NULL,
		event_type      TEXT NOT NULL,
		status          TEXT NOT NULL,
		created_at      INTEGER NOT NULL,
		tries           INTEGER NOT NULL,
		next_attempt_at INTEGER NOT NULL,
		owner           TEXT NOT NULL, -- '' when no process holds the delivery
		lease_until     INTEGER NOT NULL,
		finished_at     INTEGER NOT NULL,
		doc             TEXT NOT NULL,
		data            TEXT, -- raw JSON; NULL when absent
		attempts        TEXT  -- JSON array; NULL when none
	) STRICT;
	CREATE INDEX deliveries_created_at ON deliveries (created_at, id);
	CREATE INDEX deliveries_subscription ON deliveries (subscription_id, created_at, id);
	CREATE INDEX deliveries_status ON deliveries (status, created_at, id);
	CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';`
