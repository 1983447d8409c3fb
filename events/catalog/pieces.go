package catalog

// The pieces below appear in many events; each event's schema is built from
// them so that a customer, an agent or a message has one shape everywhere.

func wabaNumber() *schema {
	return str("The business's WhatsApp number (WABA number) the event happened on, " +
		"digits with the country code, such as 919876543210.")
}

func conversationID() *schema {
	return str("The id of the conversation (chat) with the customer.")
}

// customer is a chat customer; phoneNumber is the one field every chat
// event knows.
func customer() *schema {
	return obj("The customer the event is about.", props{
		"id":          str("The customer's id on the platform."),
		"name":        str("The customer's name, as saved or as shown on their WhatsApp profile."),
		"phoneNumber": str("The customer's WhatsApp number, digits with the country code."),
		"email":       str("The customer's email address, when known."),
		"tags":        arr("The tags the customer has now.", str("A tag.")),
		"customFields": obj("The customer's custom fields, by field name, "+
			"such as {\"city\": \"Mumbai\"}.", nil),
	}, "phoneNumber")
}

// agent is a member of the business's team; required names the fields the
// event guarantees.
func agent(desc string, required ...string) *schema {
	return obj(desc, props{
		"id":          str("The agent's id on the platform."),
		"name":        str("The agent's name."),
		"phoneNumber": str("The agent's phone number, digits with the country code."),
		"email":       str("The agent's email address."),
		"orgRole":     str("The agent's role in the organisation, such as owner, admin or agent."),
		"wabaRole":    str("The agent's role on this business number, such as admin, manager or agent."),
	}, required...)
}

// actor says who or what made a chat change.
func actor(desc string) *schema {
	return enum(desc+" manual: a person in the team; bot: a bot workflow; ai_bot: an AI bot.",
		"manual", "bot", "ai_bot")
}

// message is a WhatsApp message; extra names fields required on top of the
// ones every message has.
func message(desc string, extra ...string) *schema {
	return obj(desc, props{
		"id": str("The message id (a WhatsApp message id starts with wamid.)."),
		"type": str("The kind of message: text, image, video, audio, document, sticker, " +
			"location, interactive (a reply button or list choice), button (a template " +
			"quick reply), reaction, contacts, order or unsupported."),
		"text": str("The text of the message: what the customer typed, the caption of a " +
			"photo or file, the title of the button or list item they chose, the emoji of " +
			"a reaction, or the name of a shared place. Empty when there is none."),
		"timestamp": dateTime("When the message was sent."),
		"media":     media(),
		"interactive": obj("The choice the customer made on a reply button or list.", props{
			"type":        enum("button_reply or list_reply.", "button_reply", "list_reply"),
			"id":          str("The id the business gave the button or list item."),
			"title":       str("The title the customer saw."),
			"description": str("The list item's description, if it has one."),
		}, "type", "id", "title"),
		"button": obj("The quick-reply button of a template the customer tapped.", props{
			"text":    str("The button's text."),
			"payload": str("The payload the business set on the button."),
		}, "text"),
		"location": obj("The place the customer shared.", props{
			"latitude":  num("Latitude in degrees."),
			"longitude": num("Longitude in degrees."),
			"name":      str("The place's name."),
			"address":   str("The place's address."),
			"url":       str("A link about the place."),
		}, "latitude", "longitude"),
		"reaction": obj("The reaction the customer put on a message.", props{
			"messageId": str("The id of the message reacted to."),
			"emoji":     str("The emoji; empty when the reaction was removed."),
		}, "messageId"),
		"context": obj("The message this one replies to.", props{
			"messageId": str("The id of the message replied to."),
			"from":      str("Who sent the message replied to."),
		}, "messageId"),
		"referral": referral(),
		"errors":   arr("Why WhatsApp could not pass the message on, for unsupported messages.", apiError()),
	}, append([]string{"id", "type", "text", "timestamp"}, extra...)...)
}

func media() *schema {
	return obj("The file of an image, video, audio, document or sticker message.", props{
		"id":       str("The media id; download the file with it through the WhatsApp Cloud API."),
		"mimeType": str("The file's type, such as image/jpeg."),
		"sha256":   str("The file's SHA-256 hash."),
		"caption":  str("The caption the customer wrote."),
		"filename": str("The document's file name."),
		"url":      str("A link to the file, when WhatsApp gives one."),
		"voice":    boolean("Whether an audio message is a voice note."),
		"animated": boolean("Whether a sticker is animated."),
	}, "id")
}

func referral() *schema {
	return obj("The ad or post the customer came from, when they tapped a click-to-WhatsApp button.", props{
		"sourceUrl":  str("The link of the ad or post."),
		"sourceType": str("ad or post."),
		"sourceId":   str("The id of the ad or post."),
		"headline":   str("The ad's headline."),
		"body":       str("The ad's text."),
		"mediaType":  str("image or video."),
		"imageUrl":   str("The ad's image."),
		"videoUrl":   str("The ad's video."),
		"ctwaClid":   str("The click id, for measuring ads."),
	}, "sourceType")
}

func apiError() *schema {
	return obj("An error WhatsApp reported.", props{
		"code":    integer("WhatsApp's error code, such as 131047."),
		"title":   str("A short title of the error."),
		"message": str("The error message."),
		"details": str("What went wrong, in more words."),
		"href":    str("A link to WhatsApp's documentation of the error."),
	}, "code", "title")
}

// lead is a potential customer captured outside a chat.
func lead() *schema {
	return obj("The lead.", props{
		"name":        str("The lead's name."),
		"phoneNumber": str("The lead's phone number, digits with the country code."),
		"email":       str("The lead's email address."),
		"source":      str("Where the lead came from, such as website_widget, facebook_lead_ad or import."),
		"message":     str("What the lead wrote, if anything."),
		"pageUrl":     str("The web page the lead was on."),
		"utm": obj("The campaign tags (UTM parameters) of the page the lead came from.", props{
			"source":   str("utm_source."),
			"medium":   str("utm_medium."),
			"campaign": str("utm_campaign."),
			"term":     str("utm_term."),
			"content":  str("utm_content."),
		}),
	}, "phoneNumber", "source")
}

// Agents of the examples, as JSON.
const (
	exampleAgent      = `{"id": "agt_77ef", "name": "Rahul Mehta", "email": "rahul.mehta@example.com"}`
	exampleOtherAgent = `{"id": "agt_31bc", "name": "Priya Nair", "email": "priya.nair@example.com"}`
)
