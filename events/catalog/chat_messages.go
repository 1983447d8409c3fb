package catalog

// The chat platform's events about messages and conversations.

func phoneNumberID() *schema {
	return str("The WhatsApp Cloud API id of the business number, when the event came from the Cloud API.")
}

// inbound is the data of an event about a message a customer sent.
func inbound(messageExtra ...string) *schema {
	return obj("", props{
		"wabaNumber":     wabaNumber(),
		"phoneNumberId":  phoneNumberID(),
		"conversationId": conversationID(),
		"customer":       customer(),
		"message":        message("The message the customer sent.", messageExtra...),
	}, "wabaNumber", "customer", "message")
}

const inboundExample = `{
  "wabaNumber": "919876543210",
  "phoneNumberId": "106540352242922",
  "conversationId": "conv_9a8b7c6d5e4f",
  "customer": {"name": "Asha Verma", "phoneNumber": "919812345678"},
  "message": {
    "id": "wamid.HBgMOTE5ODEyMzQ1Njc4FQIAEhggNUQ2RjM4QkE3NjlBRTU0MUFBAA==",
    "type": "text",
    "text": "Hi, is the blue kurta available in size M?",
    "timestamp": "2025-03-14T09:41:07Z"
  }
}`

func conversationEvent(at, atDesc string, more props, required ...string) *schema {
	base := obj("", props{
		"wabaNumber":     wabaNumber(),
		"conversationId": conversationID(),
		"customer":       customer(),
		at:               dateTime(atDesc),
	}, "wabaNumber", "conversationId", "customer", at)
	return with(base, more, required...)
}

var chatMessageDefs = []def{
	{
		name:  "MESSAGE_RECEIVED",
		group: GroupChat,
		description: "Triggers whenever a customer sends a message to the business number, so the " +
			"flow can answer or act on it right away.",
		schema:  inbound(),
		example: inboundExample,
	},
	{
		name:  "MESSAGE_STATUS_UPDATE",
		group: GroupChat,
		description: "Triggers whenever the status of a message the business sent changes: sent, " +
			"delivered, read or failed (with the reason).",
		schema: obj("", props{
			"wabaNumber":    wabaNumber(),
			"phoneNumberId": phoneNumberID(),
			"customer":      customer(),
			"messageId":     str("The id of the message whose status changed."),
			"status":        str("The new status: sent, delivered, read or failed."),
			"timestamp":     dateTime("When the status changed."),
			"conversation": obj("The WhatsApp conversation (billing window) the message belongs to.", props{
				"id":        str("The conversation's id at WhatsApp."),
				"category":  str("What opened it: marketing, utility, authentication, service or referral_conversion."),
				"expiresAt": dateTime("When the conversation window closes."),
			}, "id"),
			"pricing": obj("How WhatsApp charges the message.", props{
				"billable":     boolean("Whether the message is charged."),
				"pricingModel": str("WhatsApp's pricing model, such as CBP or PMP."),
				"category":     str("The pricing category, such as marketing, utility or service."),
				"type":         str("The pricing type, such as regular or free_customer_service."),
			}),
			"errors":                arr("Why the message failed, when status is failed.", apiError()),
			"bizOpaqueCallbackData": str("The tracking text the business attached when sending."),
		}, "wabaNumber", "customer", "messageId", "status", "timestamp"),
		example: `{
  "wabaNumber": "919876543210",
  "phoneNumberId": "106540352242922",
  "customer": {"phoneNumber": "919812345678"},
  "messageId": "wamid.HBgMOTE5ODEyMzQ1Njc4FQIAERgSMkY0QjY2MTk2OTIyQ0E0NzQ1AA==",
  "status": "failed",
  "timestamp": "2025-03-14T09:45:12Z",
  "errors": [{
    "code": 131047,
    "title": "Re-engagement message",
    "message": "Re-engagement message",
    "details": "Message failed to send because more than 24 hours have passed since the customer last replied to this number."
  }]
}`,
	},
	{
		name:  "RAW_CLOUD_API_WEBHOOK",
		group: GroupChat,
		description: "Triggers for every notification WhatsApp (Meta's Cloud API) sends about the " +
			"business number, with its data exactly as WhatsApp sent it. Use it when another event " +
			"does not carry the detail you need.",
		schema: obj("Meta's webhook payload, unchanged.", props{
			"object": enum("Always whatsapp_business_account.", "whatsapp_business_account"),
			"entry": arr("One item per WhatsApp Business Account.", obj("", props{
				"id": str("The WhatsApp Business Account id."),
				"changes": arr("What changed.", obj("", props{
					"field": str("What the change is about, such as messages or message_template_status_update."),
					"value": obj("The change itself; its shape depends on field.", nil),
				}, "field", "value")),
			}, "id", "changes")),
		}, "object", "entry"),
		example: `{
  "object": "whatsapp_business_account",
  "entry": [{
    "id": "102290129340398",
    "changes": [{
      "field": "messages",
      "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "919876543210", "phone_number_id": "106540352242922"},
        "contacts": [{"profile": {"name": "Asha Verma"}, "wa_id": "919812345678"}],
        "messages": [{
          "from": "919812345678",
          "id": "wamid.HBgMOTE5ODEyMzQ1Njc4FQIAEhggNUQ2RjM4QkE3NjlBRTU0MUFBAA==",
          "timestamp": "1741945267",
          "type": "text",
          "text": {"body": "Hi, is the blue kurta available in size M?"}
        }]
      }
    }]
  }]
}`,
	},
	{
		name:  "CLOSE_CONVERSATION",
		group: GroupChat,
		description: "Triggers when a conversation with a customer is closed, by a person in the " +
			"team, a bot or an AI bot.",
		schema: conversationEvent("closedAt", "When the conversation was closed.", props{
			"closedBy": actor("Who closed the conversation."),
			"agent":    agent("The agent who closed the conversation or had it assigned.", "name"),
		}, "closedBy"),
		example: `{
  "wabaNumber": "919876543210",
  "conversationId": "conv_9a8b7c6d5e4f",
  "customer": {"name": "Asha Verma", "phoneNumber": "919812345678", "tags": ["returning"]},
  "closedAt": "2025-03-14T11:02:33Z",
  "closedBy": "manual",
  "agent": {"id": "agt_77ef", "name": "Rahul Mehta", "email": "rahul.mehta@example.com"}
}`,
	},
	{
		name:  "TEMPLATE_UPDATE",
		group: GroupChat,
		description: "Triggers when the status of a message template changes, such as its approval " +
			"or rejection by WhatsApp, so the team knows at once which templates can be used.",
		schema: obj("", props{
			"wabaNumber": wabaNumber(),
			"template": obj("The message template.", props{
				"id":       str("The template's id at WhatsApp."),
				"name":     str("The template's name."),
				"language": str("The template's language code, such as en or hi."),
				"category": str("MARKETING, UTILITY or AUTHENTICATION."),
			}, "name"),
			"status": enum("The template's new status.", "APPROVED", "REJECTED", "PENDING",
				"PAUSED", "DISABLED", "FLAGGED", "IN_APPEAL", "PENDING_DELETION", "DELETED",
				"REINSTATED", "LIMIT_EXCEEDED", "ARCHIVED", "LOCKED", "UNLOCKED"),
			"previousStatus": str("The status the template had before."),
			"reason":         str("Why, for a rejection or a pause; NONE when WhatsApp gives no reason."),
			"updatedAt":      dateTime("When the status changed."),
		}, "wabaNumber", "template", "status", "updatedAt"),
		example: `{
  "wabaNumber": "919876543210",
  "template": {"id": "1264985431206532", "name": "order_shipped", "language": "en", "category": "UTILITY"},
  "status": "REJECTED",
  "previousStatus": "PENDING",
  "reason": "INVALID_FORMAT",
  "updatedAt": "2025-03-14T08:15:00Z"
}`,
	},
	{
		name:  "CALL_TO_WHATSAPP_MESSAGE_RECEIVED",
		group: GroupChat,
		description: "Triggers when a customer messages the business by tapping a click-to-WhatsApp " +
			"button on an ad or a post; the data says which ad or post they came from.",
		schema: inbound("referral"),
		example: `{
  "wabaNumber": "919876543210",
  "conversationId": "conv_1c2d3e4f5a6b",
  "customer": {"name": "Vikram Rao", "phoneNumber": "919845012345"},
  "message": {
    "id": "wamid.HBgMOTE5ODQ1MDEyMzQ1FQIAEhggQTE5QkM3RDVGRkE2MjZBNTFBAA==",
    "type": "text",
    "text": "Hello! Can I get more info on this?",
    "timestamp": "2025-03-14T10:05:44Z",
    "referral": {
      "sourceUrl": "https://fb.me/3cr4Wqqkv",
      "sourceType": "ad",
      "sourceId": "120210562387650123",
      "headline": "Summer sale: 30% off",
      "body": "Chat with us on WhatsApp to order.",
      "mediaType": "image",
      "imageUrl": "https://scontent.example.com/summer-sale.jpg",
      "ctwaClid": "ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-GABDLOPaOdRMv-_zfUQ2a"
    }
  }
}`,
	},
	{
		name:  "CONVERSATION_OPENED",
		group: GroupChat,
		description: "Triggers when a new conversation with a customer starts, whether the customer " +
			"wrote first or the business did.",
		schema: conversationEvent("openedAt", "When the conversation started.", props{
			"initiatedBy": enum("Who started the conversation.", "customer", "business"),
		}, "initiatedBy"),
		example: `{
  "wabaNumber": "919876543210",
  "conversationId": "conv_9a8b7c6d5e4f",
  "customer": {"name": "Asha Verma", "phoneNumber": "919812345678"},
  "openedAt": "2025-03-14T09:41:07Z",
  "initiatedBy": "customer"
}`,
	},
	{
		name:  "CUSTOMER_BUSINESS_CHAT_OPEN",
		group: GroupChat,
		description: "Triggers when a customer opens the business's chat in WhatsApp (from a link, " +
			"a QR code or the business profile) before writing anything, so the business can greet them.",
		schema: obj("", props{
			"wabaNumber":    wabaNumber(),
			"phoneNumberId": phoneNumberID(),
			"customer":      customer(),
			"openedAt":      dateTime("When the customer opened the chat."),
		}, "wabaNumber", "customer", "openedAt"),
		example: `{
  "wabaNumber": "919876543210",
  "customer": {"name": "Neha Kapoor", "phoneNumber": "919930011223"},
  "openedAt": "2025-03-14T12:20:05Z"
}`,
	},
	{
		name:  "FIRST_TIME_MESSAGE_FROM_CUSTOMER",
		group: GroupChat,
		description: "Triggers when a customer sends their very first message to the business " +
			"number, so new customers can get a personal welcome.",
		schema:  inbound(),
		example: inboundExample,
	},
}
