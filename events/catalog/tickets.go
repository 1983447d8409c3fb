package catalog

// The help desk's events: tickets and cases.

// contact is a person outside the team who is not (only) a WhatsApp
// number: a ticket's customer, a case's contact, a live-chat visitor.
func contact(desc string, required ...string) *schema {
	return obj(desc, props{
		"id":          str("Their id on the platform."),
		"name":        str("Their name."),
		"email":       str("Their email address."),
		"phoneNumber": str("Their phone number, digits with the country code."),
	}, required...)
}

func ticket() *schema {
	return obj("The ticket.", props{
		"id":             str("The ticket's id."),
		"subject":        str("The ticket's subject."),
		"queue":          str("The queue (team) the ticket is in."),
		"priority":       enum("The ticket's priority.", "low", "normal", "high", "urgent"),
		"status":         enum("The ticket's status.", "new", "open", "pending", "answered", "closed"),
		"classification": str("The ticket's classification, such as billing or delivery; empty until classified."),
		"channel":        str("Where the ticket came from, such as email, web_form, chat or phone."),
		"createdAt":      dateTime("When the ticket was opened."),
	}, "id", "subject", "queue", "priority", "status")
}

func textMessage(desc string) *schema {
	return obj(desc, props{
		"id":     str("The message's id."),
		"text":   str("The message's text."),
		"sentAt": dateTime("When it was sent."),
	}, "id", "text", "sentAt")
}

// ticketEvent is the data of a ticket event: the ticket, its customer, the
// time field at and more.
func ticketEvent(at, atDesc string, more props, required ...string) *schema {
	base := obj("", props{
		"ticket":   ticket(),
		"customer": contact("The customer who raised the ticket.", "email"),
		at:         dateTime(atDesc),
	}, "ticket", "customer", at)
	return with(base, more, required...)
}

func ticketAgent(desc string) *schema { return agent(desc, "name", "email") }

// ticketExample returns an example of a ticket event: the ticket with the
// given status and classification, then the event's own fields.
func ticketExample(status, classification, queue, fields string) string {
	return `{
  "ticket": {"id": "TCK-20418", "subject": "Order #7781 arrived damaged", "queue": "` + queue + `",
             "priority": "high", "status": "` + status + `", "classification": "` + classification + `",
             "channel": "email", "createdAt": "2025-03-14T08:02:11Z"},
  "customer": {"id": "usr_5521", "name": "Asha Verma", "email": "asha.verma@example.com", "phoneNumber": "919812345678"},
` + fields + "\n}"
}

var ticketDefs = []def{
	{
		name:        "TICKET_CREATED",
		group:       GroupTicket,
		description: "Triggers when a customer or a team member opens a new support ticket.",
		schema: ticketEvent("createdAt", "When the ticket was opened.", props{
			"message": textMessage("The ticket's first message."),
		}),
		example: ticketExample("new", "", "Support", `  "createdAt": "2025-03-14T08:02:11Z",
  "message": {"id": "msg_90a1", "text": "The box was crushed and the lamp is broken.", "sentAt": "2025-03-14T08:02:11Z"}`),
	},
	{
		name:        "TICKET_CLOSED",
		group:       GroupTicket,
		description: "Triggers when a support ticket is closed.",
		schema: ticketEvent("closedAt", "When the ticket was closed.", props{
			"agent": ticketAgent("The agent who closed the ticket, when a person did."),
		}),
		example: ticketExample("closed", "delivery", "Returns", `  "closedAt": "2025-03-15T16:40:00Z",
  "agent": `+exampleAgent),
	},
	{
		name:        "TICKET_ANSWERED",
		group:       GroupTicket,
		description: "Triggers when an agent answers a support ticket.",
		schema: ticketEvent("answeredAt", "When the agent answered.", props{
			"agent": ticketAgent("The agent who answered."),
			"reply": textMessage("The agent's answer."),
		}, "agent", "reply"),
		example: ticketExample("answered", "delivery", "Support", `  "answeredAt": "2025-03-14T09:15:30Z",
  "agent": `+exampleAgent+`,
  "reply": {"id": "msg_90b7", "text": "Sorry about that! A replacement ships today.", "sentAt": "2025-03-14T09:15:30Z"}`),
	},
	{
		name:        "TICKET_REPLIED",
		group:       GroupTicket,
		description: "Triggers when the customer replies to a support ticket.",
		schema: ticketEvent("repliedAt", "When the customer replied.", props{
			"reply": textMessage("The customer's reply."),
		}, "reply"),
		example: ticketExample("open", "delivery", "Support", `  "repliedAt": "2025-03-14T10:01:02Z",
  "reply": {"id": "msg_90c3", "text": "Thanks, can you send it to my office address instead?", "sentAt": "2025-03-14T10:01:02Z"}`),
	},
	{
		name:        "TICKET_CLASSIFIED",
		group:       GroupTicket,
		description: "Triggers when a support ticket is classified (given a category such as billing or delivery).",
		schema: ticketEvent("classifiedAt", "When the ticket was classified.", props{
			"previousClassification": str("The classification before; empty if it had none."),
			"agent":                  ticketAgent("The agent who classified the ticket, when a person did."),
		}),
		example: ticketExample("open", "delivery", "Support", `  "classifiedAt": "2025-03-14T08:05:40Z",
  "previousClassification": "",
  "agent": `+exampleAgent),
	},
	{
		name:        "TICKET_QUEUE_CHANGED",
		group:       GroupTicket,
		description: "Triggers when a support ticket is moved to another queue (team).",
		schema: ticketEvent("changedAt", "When the ticket was moved.", props{
			"previousQueue": str("The queue the ticket was in."),
			"agent":         ticketAgent("The agent who moved the ticket, when a person did."),
		}, "previousQueue"),
		example: ticketExample("open", "delivery", "Returns", `  "changedAt": "2025-03-14T09:20:00Z",
  "previousQueue": "Support",
  "agent": `+exampleAgent),
	},
	{
		name:        "CASE_CREATED",
		group:       GroupCase,
		description: "Triggers when a new case is added.",
		schema: obj("", props{
			"case": obj("The case.", props{
				"id":       str("The case's id."),
				"subject":  str("The case's subject."),
				"status":   str("The case's status, such as open."),
				"priority": str("The case's priority, such as normal or high."),
				"channel":  str("Where the case came from, such as chat, email or phone."),
			}, "id", "subject"),
			"contact":   contact("The person the case is about."),
			"agent":     ticketAgent("The agent the case is assigned to, if any."),
			"createdAt": dateTime("When the case was added."),
		}, "case", "contact", "createdAt"),
		example: `{
  "case": {"id": "CASE-3307", "subject": "Cannot log in to the customer portal", "status": "open",
           "priority": "normal", "channel": "chat"},
  "contact": {"id": "con_8812", "name": "Arjun Menon", "email": "arjun.menon@example.com"},
  "agent": ` + exampleAgent + `,
  "createdAt": "2025-03-14T13:25:00Z"
}`,
	},
}
