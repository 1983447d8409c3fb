// Package all registers every node type by importing its package. Import it
// for its side effect wherever specs are read from nodes.Default: the
// server, the engine and the command.
package all

import (
	// Each import registers one node type in init.
	_ "github.com/hookflow/hookflow/nodes/condition"
	_ "github.com/hookflow/hookflow/nodes/crm"
	_ "github.com/hookflow/hookflow/nodes/delay"
	_ "github.com/hookflow/hookflow/nodes/event"
	_ "github.com/hookflow/hookflow/nodes/http"
	_ "github.com/hookflow/hookflow/nodes/respond"
	_ "github.com/hookflow/hookflow/nodes/set"
	_ "github.com/hookflow/hookflow/nodes/sheets"
	_ "github.com/hookflow/hookflow/nodes/switch"
	_ "github.com/hookflow/hookflow/nodes/webhook"
)
