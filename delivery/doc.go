// Package delivery is hookflow's outbound webhook registry: subscriptions
// registered through the registration API (seed 001), and the deliveries
// of platform events to them, signed with Standard Webhooks headers,
// retried on a schedule and logged attempt by attempt.
//
// Its rules: a delivery is durable in the store before anyone is told it
// exists, and is held by one process at a time through a lease, so a
// crash loses none; every attempt is recorded with what was sent and what
// came back; secrets (signing secrets, the authorization payload) are
// sealed at rest and never appear in an answer, a log line or the
// delivery log.
//
// The files:
//
//   - input.go, register.go: the registration wire format, its checks,
//     and registering and updating a subscription.
//   - subscriptions.go, views.go: managing subscriptions, and how the API
//     shows them.
//   - deliver.go: turning an accepted event into deliveries.
//   - request.go, sign.go: building and signing a delivery's request.
//   - attempt.go, schedule.go, health.go: sending it, deciding what comes
//     next, and summing up a subscription's health.
//   - pool.go, commit.go: the workers, their leases and the batch writes.
//   - log.go: the delivery log and redelivery.
//   - errors.go: the errors callers see.
package delivery
