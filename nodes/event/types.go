package event

import "github.com/hookflow/hookflow/nodes"

// AliasConversationOpened is the spelling of CONVERSATION_OPENED that the
// outbound webhook registration API documents; it is accepted everywhere an
// event type is and means CONVERSATION_OPENED.
const AliasConversationOpened = "COVERSATION_OPENED"

// EventTypes lists the platform events a flow can start on, in catalog
// order: the chat platform's events, then tickets, live chat and cases.
// It is the catalog of record; callers must not modify it.
var EventTypes = []nodes.Option{
	{Value: "ADD_TAG", Label: "Tag added to a customer"},
	{Value: "REMOVE_TAG", Label: "Tag removed from a customer"},
	{Value: "MESSAGE_RECEIVED", Label: "Message received"},
	{Value: "MESSAGE_STATUS_UPDATE", Label: "Message status updated (sent, delivered, read, failed)"},
	{Value: "CHAT_ASSIGNED_TO_AGENT", Label: "Chat assigned to an agent"},
	{Value: "CHAT_UNASSIGNED", Label: "Chat unassigned"},
	{Value: "UPDATE_CUSTOMER_CUSTOM_FIELD", Label: "Customer custom field updated"},
	{Value: "WIDGET_LEAD_RECEIVED", Label: "Lead received from the website widget"},
	{Value: "VERIFIED_WIDGET_LEAD_RECEIVED", Label: "Verified lead received from the website widget"},
	{Value: "NEW_LEAD", Label: "New lead"},
	{Value: "RAW_CLOUD_API_WEBHOOK", Label: "Raw WhatsApp Cloud API webhook"},
	{Value: "CLOSE_CONVERSATION", Label: "Conversation closed"},
	{Value: "TEMPLATE_UPDATE", Label: "Message template updated"},
	{Value: "CALL_TO_WHATSAPP_MESSAGE_RECEIVED", Label: "Message received from a call-to-WhatsApp button"},
	{Value: "CONVERSATION_OPENED", Label: "Conversation opened"},
	{Value: "CUSTOMER_BUSINESS_CHAT_OPEN", Label: "Customer opened a business chat"},
	{Value: "FIRST_TIME_MESSAGE_FROM_CUSTOMER", Label: "First message from a new customer"},
	{Value: "TICKET_CREATED", Label: "Ticket created"},
	{Value: "TICKET_CLOSED", Label: "Ticket closed"},
	{Value: "TICKET_ANSWERED", Label: "Ticket answered by an agent"},
	{Value: "TICKET_REPLIED", Label: "Ticket replied to by the customer"},
	{Value: "TICKET_CLASSIFIED", Label: "Ticket classified"},
	{Value: "TICKET_QUEUE_CHANGED", Label: "Ticket moved to another queue"},
	{Value: "CHAT_CREATED", Label: "Live chat created"},
	{Value: "CHAT_CLOSED", Label: "Live chat closed"},
	{Value: "CHAT_ASSIGNED", Label: "Live chat assigned"},
	{Value: "CHAT_JOINED", Label: "Agent joined a live chat"},
	{Value: "CHAT_LEFT", Label: "Agent left a live chat"},
	{Value: "CHAT_MESSAGE_SENT", Label: "Live chat message sent"},
	{Value: "CHAT_MESSAGE_RECEIVED", Label: "Live chat message received"},
	{Value: "CHAT_INVITATION_RECEIVED", Label: "Live chat invitation received"},
	{Value: "CHAT_INVITATION_ACCEPTED", Label: "Live chat invitation accepted"},
	{Value: "CHAT_INVITATION_REJECTED", Label: "Live chat invitation rejected"},
	{Value: "CHAT_NO_AGENT_AVAILABLE", Label: "Live chat with no agent available"},
	{Value: "CHAT_STATUS_PENDING", Label: "Live chat status: pending"},
	{Value: "CHAT_STATUS_ACTIVE", Label: "Live chat status: active"},
	{Value: "CHAT_STATUS_QUEUED", Label: "Live chat status: queued"},
	{Value: "CHAT_STATUS_CLOSED", Label: "Live chat status: closed"},
	{Value: "AGENT_STATUS_CHANGED", Label: "Agent status changed"},
	{Value: "CASE_CREATED", Label: "Case created"},
}

var aliases = map[string]string{
	AliasConversationOpened: "CONVERSATION_OPENED",
}

// Canonical returns the catalog name of the event type name, resolving
// aliases, and whether name is a known event type. Names are matched
// exactly; an unknown name yields "" and false.
func Canonical(name string) (string, bool) {
	if c, ok := aliases[name]; ok {
		return c, true
	}
	for _, o := range EventTypes {
		if o.Value == name {
			return name, true
		}
	}
	return "", false
}
