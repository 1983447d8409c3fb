package whatsapp

import "encoding/json"

// Payload is a WhatsApp Cloud API webhook: {object, entry[]}. Only the
// "messages" field is decoded; the raw body stays the record of
// everything else.
type Payload struct {
	Object string  `json:"object"`
	Entry  []Entry `json:"entry"`
}

// Entry is the part of a webhook about one WhatsApp Business Account.
type Entry struct {
	// ID is the WhatsApp Business Account id.
	ID      string   `json:"id"`
	Changes []Change `json:"changes"`
}

// Change is one change of an entry.
type Change struct {
	// Field is what the change is about; FieldMessages for messages and
	// statuses.
	Field string `json:"field"`
	// Value is decoded only when Field is FieldMessages; other fields
	// (template status, account updates, ...) keep a different shape.
	Value Value `json:"-"`
}

// UnmarshalJSON decodes the value of a "messages" change and skips the
// value of any other, so that a field this package does not know cannot
// make a payload fail to parse.
func (c *Change) UnmarshalJSON(b []byte) error {
	var raw struct {
		Field string          `json:"field"`
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	c.Field = raw.Field
	if raw.Field != FieldMessages || len(raw.Value) == 0 {
		return nil
	}
	return json.Unmarshal(raw.Value, &c.Value)
}

// Value is the value of a "messages" change: messages customers sent and
// statuses of messages the business sent, on one business number.
type Value struct {
	MessagingProduct string    `json:"messaging_product"`
	Metadata         Metadata  `json:"metadata"`
	Contacts         []Contact `json:"contacts"`
	Messages         []Message `json:"messages"`
	Statuses         []Status  `json:"statuses"`
}

// Metadata identifies the business number.
type Metadata struct {
	DisplayPhoneNumber string `json:"display_phone_number"`
	PhoneNumberID      string `json:"phone_number_id"`
}

// Contact is a customer's WhatsApp profile.
type Contact struct {
	Profile struct {
		Name string `json:"name"`
	} `json:"profile"`
	WaID string `json:"wa_id"`
}

// Message is a message a customer sent. Type says which of the optional
// parts is set.
type Message struct {
	From        string       `json:"from"`
	ID          string       `json:"id"`
	Timestamp   string       `json:"timestamp"`
	Type        string       `json:"type"`
	Context     *Context     `json:"context"`
	Text        *Text        `json:"text"`
	Image       *Media       `json:"image"`
	Video       *Media       `json:"video"`
	Audio       *Media       `json:"audio"`
	Document    *Media       `json:"document"`
	Sticker     *Media       `json:"sticker"`
	Interactive *Interactive `json:"interactive"`
	Button      *Button      `json:"button"`
	Location    *Location    `json:"location"`
	Reaction    *Reaction    `json:"reaction"`
	Referral    *Referral    `json:"referral"`
	Errors      []Error      `json:"errors"`
}

// Context is the message a message replies to.
type Context struct {
	From string `json:"from"`
	ID   string `json:"id"`
}

// Text is the body of a text message.
type Text struct {
	Body string `json:"body"`
}

// Media is the file of an image, video, audio, document or sticker.
type Media struct {
	ID       string `json:"id"`
	MimeType string `json:"mime_type"`
	SHA256   string `json:"sha256"`
	Caption  string `json:"caption"`
	Filename string `json:"filename"`
	URL      string `json:"url"`
	Voice    bool   `json:"voice"`
	Animated bool   `json:"animated"`
}

// Interactive is the customer's answer to a reply-button or list message.
type Interactive struct {
	Type        string `json:"type"`
	ButtonReply *Reply `json:"button_reply"`
	ListReply   *Reply `json:"list_reply"`
}

// Reply is the button or list item a customer chose.
type Reply struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

// Button is the quick-reply button of a template a customer tapped. Its
// JSON is also the catalog's shape.
type Button struct {
	Payload string `json:"payload,omitempty"`
	Text    string `json:"text"`
}

// Location is a place a customer shared. Its JSON is also the catalog's
// shape.
type Location struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	Name      string  `json:"name,omitempty"`
	Address   string  `json:"address,omitempty"`
	URL       string  `json:"url,omitempty"`
}

// Reaction is an emoji a customer put on a message.
type Reaction struct {
	MessageID string `json:"message_id"`
	Emoji     string `json:"emoji"`
}

// Referral is the click-to-WhatsApp ad or post a message came from.
type Referral struct {
	SourceURL  string `json:"source_url"`
	SourceID   string `json:"source_id"`
	SourceType string `json:"source_type"`
	Headline   string `json:"headline"`
	Body       string `json:"body"`
	MediaType  string `json:"media_type"`
	ImageURL   string `json:"image_url"`
	VideoURL   string `json:"video_url"`
	CtwaClid   string `json:"ctwa_clid"`
}

// Status is a change of status of a message the business sent.
type Status struct {
	ID                    string        `json:"id"`
	Status                string        `json:"status"`
	Timestamp             string        `json:"timestamp"`
	RecipientID           string        `json:"recipient_id"`
	Conversation          *Conversation `json:"conversation"`
	Pricing               *Pricing      `json:"pricing"`
	Errors                []Error       `json:"errors"`
	BizOpaqueCallbackData string        `json:"biz_opaque_callback_data"`
}

// Conversation is the WhatsApp conversation (billing window) of a message.
type Conversation struct {
	ID                  string `json:"id"`
	ExpirationTimestamp string `json:"expiration_timestamp"`
	Origin              struct {
		Type string `json:"type"`
	} `json:"origin"`
}

// Pricing is how WhatsApp charges a message.
type Pricing struct {
	Billable     bool   `json:"billable"`
	PricingModel string `json:"pricing_model"`
	Category     string `json:"category"`
	Type         string `json:"type"`
}

// Error is an error WhatsApp reports on a message or a status.
type Error struct {
	Code      int    `json:"code"`
	Title     string `json:"title"`
	Message   string `json:"message"`
	ErrorData struct {
		Details string `json:"details"`
	} `json:"error_data"`
	Href string `json:"href"`
}
