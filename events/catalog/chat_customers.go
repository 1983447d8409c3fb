package catalog

// The chat platform's events about customers, their assignment to agents
// and leads.

// tagEvent is the data of a tag added or removed; at names the time field.
func tagEvent(at, atDesc string) *schema {
	return obj("", props{
		"wabaNumber":     wabaNumber(),
		"conversationId": conversationID(),
		"customer":       customer(),
		"tag":            str("The tag."),
		at:               dateTime(atDesc),
		"changedBy":      actor("Who changed the tags."),
		"agent":          agent("The team member who changed the tags, when a person did.", "name"),
	}, "wabaNumber", "customer", "tag", at)
}

// widgetLead is the data of a lead from the website widget.
func widgetLead() *schema {
	return obj("", props{
		"wabaNumber": wabaNumber(),
		"widgetId":   str("The id of the website widget the lead came through."),
		"lead":       lead(),
		"receivedAt": dateTime("When the lead arrived."),
	}, "wabaNumber", "widgetId", "lead", "receivedAt")
}

const widgetLeadFields = `
  "wabaNumber": "919876543210",
  "widgetId": "wgt_4f7a21",
  "lead": {
    "name": "Karan Singh",
    "phoneNumber": "919711122233",
    "email": "karan.singh@example.com",
    "source": "website_widget",
    "message": "I want a quote for 50 units.",
    "pageUrl": "https://shop.example.com/bulk-orders",
    "utm": {"source": "google", "medium": "cpc", "campaign": "bulk_march"}
  },
  "receivedAt": "2025-03-14T07:58:41Z"`

var chatCustomerDefs = []def{
	{
		name:  "ADD_TAG",
		group: GroupChat,
		description: "Triggers when a tag is added to a customer, so interactions can be sorted " +
			"and followed up by category.",
		schema: tagEvent("addedAt", "When the tag was added."),
		example: `{
  "wabaNumber": "919876543210",
  "conversationId": "conv_9a8b7c6d5e4f",
  "customer": {"name": "Asha Verma", "phoneNumber": "919812345678", "tags": ["returning", "vip"]},
  "tag": "vip",
  "addedAt": "2025-03-14T09:50:00Z",
  "changedBy": "manual",
  "agent": {"id": "agt_77ef", "name": "Rahul Mehta", "email": "rahul.mehta@example.com"}
}`,
	},
	{
		name:  "REMOVE_TAG",
		group: GroupChat,
		description: "Triggers when a tag is removed from a customer, showing how the customer's " +
			"category changed.",
		schema: tagEvent("removedAt", "When the tag was removed."),
		example: `{
  "wabaNumber": "919876543210",
  "conversationId": "conv_9a8b7c6d5e4f",
  "customer": {"name": "Asha Verma", "phoneNumber": "919812345678", "tags": ["vip"]},
  "tag": "returning",
  "removedAt": "2025-03-14T09:52:10Z",
  "changedBy": "bot"
}`,
	},
	{
		name:  "CHAT_ASSIGNED_TO_AGENT",
		group: GroupChat,
		description: "Triggers whenever a chat is assigned to an agent: by hand, by a bot workflow " +
			"or by an AI bot, and also when a chat is reassigned to another agent. Use it to keep " +
			"the owner of a lead in a CRM the same as the agent handling the chat.",
		schema: obj("", props{
			"wabaNumber":     wabaNumber(),
			"conversationId": conversationID(),
			"customer":       customer(),
			"assignedAgent": agent("The agent the chat is now assigned to.",
				"name", "phoneNumber", "email", "orgRole", "wabaRole"),
			"previousAgent":  agent("The agent the chat was assigned to before, when it was reassigned.", "name"),
			"lastMessage":    message("The last message of the conversation."),
			"assignedAt":     dateTime("When the chat was assigned."),
			"assignedBy":     actor("How the chat was assigned."),
			"assignedByName": str("The name of the team member, bot or AI bot that assigned the chat."),
		}, "wabaNumber", "conversationId", "customer", "assignedAgent", "assignedAt", "assignedBy"),
		example: `{
  "wabaNumber": "919876543210",
  "conversationId": "conv_9a8b7c6d5e4f",
  "customer": {
    "id": "cus_12ab34cd",
    "name": "Asha Verma",
    "phoneNumber": "919812345678",
    "email": "asha.verma@example.com",
    "tags": ["returning", "vip"],
    "customFields": {"city": "Mumbai", "plan": "gold", "lifetimeValue": 48250.75}
  },
  "assignedAgent": {
    "id": "agt_77ef",
    "name": "Rahul Mehta",
    "phoneNumber": "919800011122",
    "email": "rahul.mehta@example.com",
    "orgRole": "agent",
    "wabaRole": "manager"
  },
  "previousAgent": {
    "id": "agt_31bc",
    "name": "Priya Nair",
    "phoneNumber": "919800033344",
    "email": "priya.nair@example.com",
    "orgRole": "agent",
    "wabaRole": "agent"
  },
  "lastMessage": {
    "id": "wamid.HBgMOTE5ODEyMzQ1Njc4FQIAEhggNUQ2RjM4QkE3NjlBRTU0MUFBAA==",
    "type": "text",
    "text": "Hi, I want to upgrade my plan",
    "timestamp": "2025-03-14T09:41:07Z"
  },
  "assignedAt": "2025-03-14T09:42:30Z",
  "assignedBy": "bot",
  "assignedByName": "VIP routing"
}`,
	},
	{
		name:  "CHAT_UNASSIGNED",
		group: GroupChat,
		description: "Triggers when a chat is unassigned from an agent: no one is handling it any " +
			"more, and it may need another agent or more attention.",
		schema: obj("", props{
			"wabaNumber":     wabaNumber(),
			"conversationId": conversationID(),
			"customer":       customer(),
			"previousAgent":  agent("The agent the chat was assigned to.", "name"),
			"unassignedAt":   dateTime("When the chat was unassigned."),
			"unassignedBy":   actor("How the chat was unassigned."),
		}, "wabaNumber", "conversationId", "customer", "previousAgent", "unassignedAt", "unassignedBy"),
		example: `{
  "wabaNumber": "919876543210",
  "conversationId": "conv_9a8b7c6d5e4f",
  "customer": {"name": "Asha Verma", "phoneNumber": "919812345678", "tags": ["vip"]},
  "previousAgent": {"id": "agt_77ef", "name": "Rahul Mehta", "email": "rahul.mehta@example.com",
                    "phoneNumber": "919800011122", "orgRole": "agent", "wabaRole": "manager"},
  "unassignedAt": "2025-03-14T18:00:00Z",
  "unassignedBy": "manual"
}`,
	},
	{
		name:  "UPDATE_CUSTOMER_CUSTOM_FIELD",
		group: GroupChat,
		description: "Triggers when a custom field of a customer's profile is updated, so other " +
			"tools stay in step with the customer's details.",
		schema: obj("", props{
			"wabaNumber": wabaNumber(),
			"customer":   customer(),
			"customField": obj("The custom field that changed.", props{
				"name":     str("The field's name."),
				"oldValue": anyValue("The value before; absent when the field was empty."),
				"newValue": anyValue("The value now; null when the field was cleared."),
			}, "name", "newValue"),
			"updatedAt": dateTime("When the field changed."),
			"updatedBy": actor("Who changed the field."),
		}, "wabaNumber", "customer", "customField", "updatedAt"),
		example: `{
  "wabaNumber": "919876543210",
  "customer": {"name": "Asha Verma", "phoneNumber": "919812345678",
               "customFields": {"city": "Pune", "plan": "gold"}},
  "customField": {"name": "city", "oldValue": "Mumbai", "newValue": "Pune"},
  "updatedAt": "2025-03-14T10:12:45Z",
  "updatedBy": "manual"
}`,
	},
	{
		name:  "WIDGET_LEAD_RECEIVED",
		group: GroupChat,
		description: "Triggers when a lead comes in through the WhatsApp widget on the business's " +
			"website, so it can be followed up at once.",
		schema:  widgetLead(),
		example: "{" + widgetLeadFields + "\n}",
	},
	{
		name:  "VERIFIED_WIDGET_LEAD_RECEIVED",
		group: GroupChat,
		description: "Triggers when a lead from the website widget has been verified as genuine " +
			"(the person confirmed their WhatsApp number), for quick, targeted follow-up.",
		schema: with(widgetLead(), props{
			"verifiedAt":   dateTime("When the lead's number was verified."),
			"verification": str("How the number was verified, such as whatsapp_otp."),
		}, "verifiedAt"),
		example: "{" + widgetLeadFields + `,
  "verifiedAt": "2025-03-14T07:59:20Z",
  "verification": "whatsapp_otp"
}`,
	},
	{
		name:  "NEW_LEAD",
		group: GroupChat,
		description: "Triggers when a new lead is added, from any source: the website widget, an " +
			"ad's lead form, an import or a person in the team.",
		schema: obj("", props{
			"wabaNumber":     wabaNumber(),
			"conversationId": conversationID(),
			"lead":           lead(),
			"receivedAt":     dateTime("When the lead was added."),
			"assignedAgent":  agent("The agent the lead was given to, if any.", "name"),
		}, "wabaNumber", "lead", "receivedAt"),
		example: `{
  "wabaNumber": "919876543210",
  "lead": {
    "name": "Meera Iyer",
    "phoneNumber": "919845566778",
    "email": "meera.iyer@example.com",
    "source": "facebook_lead_ad",
    "utm": {"source": "facebook", "medium": "paid_social", "campaign": "spring_launch", "content": "carousel_2"}
  },
  "receivedAt": "2025-03-14T06:30:12Z",
  "assignedAgent": {"id": "agt_31bc", "name": "Priya Nair", "email": "priya.nair@example.com"}
}`,
	},
}
