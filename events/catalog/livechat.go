package catalog

// The live-chat (website chat) events and the agent status event. A live
// chat's channel is its source: the website or app the chat runs on.

var chatStatuses = []string{"pending", "active", "queued", "closed"}

func liveChatAgent(desc string) *schema { return agent(desc, "id", "name") }

// liveChat is the data of a live-chat event: the chat's id and source, its
// visitor and agent, the time field at and more.
func liveChat(at, atDesc string, more props, required ...string) *schema {
	base := obj("", props{
		"chatId":     str("The live chat's id."),
		"source":     str("The chat source: the website or app the chat runs on, such as website."),
		"status":     enum("The chat's status now.", chatStatuses...),
		"department": str("The department the chat is routed to, if any."),
		"visitor": with(contact("The visitor chatting with the team."), props{
			"pageUrl": str("The page the visitor is on."),
			"country": str("The visitor's country, as a two-letter code."),
		}),
		"agent": liveChatAgent("The agent of the chat."),
		at:      dateTime(atDesc),
	}, "chatId", "source", at)
	return with(base, more, required...)
}

// chatStatus is the data of a chat status change to status.
func chatStatus(status string) *schema {
	return liveChat("changedAt", "When the status changed.", props{
		"status":         enum("The chat's status now: "+status+".", status),
		"previousStatus": enum("The chat's status before.", chatStatuses...),
	}, "status")
}

// liveChatExample returns an example of a live-chat event: the chat with
// the given status, its visitor, then the event's own fields.
func liveChatExample(status, fields string) string {
	return `{
  "chatId": "lc_5e0b9a17", "source": "website", "status": "` + status + `", "department": "Sales",
  "visitor": {"id": "vis_20c4", "name": "Sara Khan", "email": "sara.khan@example.com",
              "pageUrl": "https://shop.example.com/pricing", "country": "IN"},
` + fields + "\n}"
}

var liveChatDefs = []def{
	{name: "CHAT_CREATED", group: GroupLiveChat,
		description: "Triggers when a visitor starts a new live chat.",
		schema: liveChat("createdAt", "When the chat started.", props{
			"message": textMessage("The visitor's first message, if they wrote one."),
		}, "visitor"),
		example: liveChatExample("pending", `  "createdAt": "2025-03-14T14:00:02Z",
  "message": {"id": "lcm_0001", "text": "Do you ship to Dubai?", "sentAt": "2025-03-14T14:00:02Z"}`)},
	{name: "CHAT_CLOSED", group: GroupLiveChat,
		description: "Triggers when a live chat is closed.",
		schema: liveChat("closedAt", "When the chat was closed.", props{
			"closedBy": enum("Who closed the chat.", "agent", "visitor", "system"),
		}, "closedBy"),
		example: liveChatExample("closed", `  "agent": `+exampleAgent+`,
  "closedAt": "2025-03-14T14:20:45Z",
  "closedBy": "agent"`)},
	{name: "CHAT_ASSIGNED", group: GroupLiveChat,
		description: "Triggers when a live chat needs an agent or is assigned to one.",
		schema:      liveChat("assignedAt", "When the chat was assigned.", nil, "agent"),
		example: liveChatExample("active", `  "agent": `+exampleAgent+`,
  "assignedAt": "2025-03-14T14:00:20Z"`)},
	{name: "CHAT_JOINED", group: GroupLiveChat,
		description: "Triggers when an agent joins a live chat.",
		schema:      liveChat("joinedAt", "When the agent joined.", nil, "agent"),
		example: liveChatExample("active", `  "agent": `+exampleAgent+`,
  "joinedAt": "2025-03-14T14:00:31Z"`)},
	{name: "CHAT_LEFT", group: GroupLiveChat,
		description: "Triggers when an agent leaves a live chat.",
		schema:      liveChat("leftAt", "When the agent left.", nil, "agent"),
		example: liveChatExample("active", `  "agent": `+exampleAgent+`,
  "leftAt": "2025-03-14T14:10:00Z"`)},
	{name: "CHAT_MESSAGE_SENT", group: GroupLiveChat,
		description: "Triggers when an agent sends a message in a live chat.",
		schema: liveChat("sentAt", "When the message was sent.", props{
			"message": textMessage("The agent's message."),
		}, "agent", "message"),
		example: liveChatExample("active", `  "agent": `+exampleAgent+`,
  "sentAt": "2025-03-14T14:01:05Z",
  "message": {"id": "lcm_0002", "text": "Yes, delivery to Dubai takes 5-7 days.", "sentAt": "2025-03-14T14:01:05Z"}`)},
	{name: "CHAT_MESSAGE_RECEIVED", group: GroupLiveChat,
		description: "Triggers when a visitor sends a message in a live chat.",
		schema: liveChat("receivedAt", "When the message arrived.", props{
			"message": textMessage("The visitor's message."),
		}, "visitor", "message"),
		example: liveChatExample("active", `  "receivedAt": "2025-03-14T14:01:40Z",
  "message": {"id": "lcm_0003", "text": "Great, what does shipping cost?", "sentAt": "2025-03-14T14:01:40Z"}`)},
	{name: "CHAT_INVITATION_RECEIVED", group: GroupLiveChat,
		description: "Triggers when an agent is invited to a live chat.",
		schema: liveChat("invitedAt", "When the invitation was sent.", props{
			"invitedBy": liveChatAgent("The agent who sent the invitation."),
		}, "agent"),
		example: liveChatExample("active", `  "agent": `+exampleOtherAgent+`,
  "invitedBy": `+exampleAgent+`,
  "invitedAt": "2025-03-14T14:03:00Z"`)},
	{name: "CHAT_INVITATION_ACCEPTED", group: GroupLiveChat,
		description: "Triggers when an agent accepts an invitation to a live chat.",
		schema:      liveChat("acceptedAt", "When the invitation was accepted.", nil, "agent"),
		example: liveChatExample("active", `  "agent": `+exampleOtherAgent+`,
  "acceptedAt": "2025-03-14T14:03:12Z"`)},
	{name: "CHAT_INVITATION_REJECTED", group: GroupLiveChat,
		description: "Triggers when an agent turns down an invitation to a live chat.",
		schema: liveChat("rejectedAt", "When the invitation was turned down.", props{
			"reason": str("Why, if the agent said."),
		}, "agent"),
		example: liveChatExample("active", `  "agent": `+exampleOtherAgent+`,
  "rejectedAt": "2025-03-14T14:03:20Z",
  "reason": "In a call"`)},
	{name: "CHAT_NO_AGENT_AVAILABLE", group: GroupLiveChat,
		description: "Triggers when a live chat needs an agent and none is available to take it.",
		schema:      liveChat("requestedAt", "When the chat asked for an agent.", nil, "visitor"),
		example:     liveChatExample("queued", `  "requestedAt": "2025-03-14T22:45:10Z"`)},
	{name: "CHAT_STATUS_PENDING", group: GroupLiveChat,
		description: "Triggers when a live chat's status is set to pending: it has started and waits for an agent.",
		schema:      chatStatus("pending"),
		example:     liveChatExample("pending", `  "changedAt": "2025-03-14T14:00:02Z"`)},
	{name: "CHAT_STATUS_ACTIVE", group: GroupLiveChat,
		description: "Triggers when a live chat's status is set to active: an agent is chatting with the visitor.",
		schema:      chatStatus("active"),
		example: liveChatExample("active", `  "agent": `+exampleAgent+`,
  "previousStatus": "pending",
  "changedAt": "2025-03-14T14:00:31Z"`)},
	{name: "CHAT_STATUS_QUEUED", group: GroupLiveChat,
		description: "Triggers when a live chat's status is set to queued: it waits in line for a free agent.",
		schema:      chatStatus("queued"),
		example: liveChatExample("queued", `  "previousStatus": "pending",
  "changedAt": "2025-03-14T22:45:10Z"`)},
	{name: "CHAT_STATUS_CLOSED", group: GroupLiveChat,
		description: "Triggers when a live chat's status is set to closed.",
		schema:      chatStatus("closed"),
		example: liveChatExample("closed", `  "agent": `+exampleAgent+`,
  "previousStatus": "active",
  "changedAt": "2025-03-14T14:20:45Z"`)},
	{name: "AGENT_STATUS_CHANGED", group: GroupAgent,
		description: "Triggers when an agent's status changes: available or unavailable, and which " +
			"channels (chat, email, VoIP calls) they have turned on.",
		schema: obj("", props{
			"agent":          agent("The agent.", "id", "name", "email"),
			"status":         enum("The agent's status now.", "available", "unavailable"),
			"previousStatus": enum("The agent's status before.", "available", "unavailable"),
			"channels": obj("The channels the agent has turned on.", props{
				"chat":  boolean("Live chat."),
				"email": boolean("Email."),
				"voip":  boolean("VoIP calls."),
			}, "chat", "email", "voip"),
			"changedAt": dateTime("When the status changed."),
		}, "agent", "status", "channels", "changedAt"),
		example: `{
  "agent": {"id": "agt_77ef", "name": "Rahul Mehta", "email": "rahul.mehta@example.com"},
  "status": "available",
  "previousStatus": "unavailable",
  "channels": {"chat": true, "email": true, "voip": false},
  "changedAt": "2025-03-14T08:59:58Z"
}`},
}
