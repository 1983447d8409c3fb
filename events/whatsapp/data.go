package whatsapp

// The data of the events, in the catalog's shapes (camelCase, times in
// RFC 3339). Parts whose JSON already matches (Button, Location) are
// reused as they are.

type customerData struct {
	Name        string `json:"name,omitempty"`
	PhoneNumber string `json:"phoneNumber"`
}

// messageEvent is the data of MESSAGE_RECEIVED and
// FIRST_TIME_MESSAGE_FROM_CUSTOMER.
type messageEvent struct {
	WabaNumber    string       `json:"wabaNumber"`
	PhoneNumberID string       `json:"phoneNumberId,omitempty"`
	Customer      customerData `json:"customer"`
	Message       messageData  `json:"message"`
}

type messageData struct {
	ID          string        `json:"id"`
	Type        string        `json:"type"`
	Text        string        `json:"text"`
	Timestamp   string        `json:"timestamp"`
	Media       *mediaData    `json:"media,omitempty"`
	Interactive *choiceData   `json:"interactive,omitempty"`
	Button      *Button       `json:"button,omitempty"`
	Location    *Location     `json:"location,omitempty"`
	Reaction    *reactionData `json:"reaction,omitempty"`
	Context     *contextData  `json:"context,omitempty"`
	Referral    *referralData `json:"referral,omitempty"`
	Errors      []errorData   `json:"errors,omitempty"`
}

type mediaData struct {
	ID       string `json:"id"`
	MimeType string `json:"mimeType,omitempty"`
	SHA256   string `json:"sha256,omitempty"`
	Caption  string `json:"caption,omitempty"`
	Filename string `json:"filename,omitempty"`
	URL      string `json:"url,omitempty"`
	Voice    bool   `json:"voice,omitempty"`
	Animated bool   `json:"animated,omitempty"`
}

type choiceData struct {
	Type        string `json:"type"`
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

type reactionData struct {
	MessageID string `json:"messageId"`
	Emoji     string `json:"emoji"`
}

type contextData struct {
	MessageID string `json:"messageId"`
	From      string `json:"from,omitempty"`
}

type referralData struct {
	SourceURL  string `json:"sourceUrl,omitempty"`
	SourceType string `json:"sourceType"`
	SourceID   string `json:"sourceId,omitempty"`
	Headline   string `json:"headline,omitempty"`
	Body       string `json:"body,omitempty"`
	MediaType  string `json:"mediaType,omitempty"`
	ImageURL   string `json:"imageUrl,omitempty"`
	VideoURL   string `json:"videoUrl,omitempty"`
	CtwaClid   string `json:"ctwaClid,omitempty"`
}

type errorData struct {
	Code    int    `json:"code"`
	Title   string `json:"title"`
	Message string `json:"message,omitempty"`
	Details string `json:"details,omitempty"`
	Href    string `json:"href,omitempty"`
}

// statusEvent is the data of MESSAGE_STATUS_UPDATE.
type statusEvent struct {
	WabaNumber            string            `json:"wabaNumber"`
	PhoneNumberID         string            `json:"phoneNumberId,omitempty"`
	Customer              customerData      `json:"customer"`
	MessageID             string            `json:"messageId"`
	Status                string            `json:"status"`
	Timestamp             string            `json:"timestamp"`
	Conversation          *conversationData `json:"conversation,omitempty"`
	Pricing               *pricingData      `json:"pricing,omitempty"`
	Errors                []errorData       `json:"errors,omitempty"`
	BizOpaqueCallbackData string            `json:"bizOpaqueCallbackData,omitempty"`
}

type conversationData struct {
	ID        string `json:"id"`
	Category  string `json:"category,omitempty"`
	ExpiresAt string `json:"expiresAt,omitempty"`
}

type pricingData struct {
	Billable     bool   `json:"billable"`
	PricingModel string `json:"pricingModel,omitempty"`
	Category     string `json:"category,omitempty"`
	Type         string `json:"type,omitempty"`
}

// toMessage converts a message to the catalog's shape.
func toMessage(m *Message) messageData {
	d := messageData{
		ID:        m.ID,
		Type:      m.Type,
		Timestamp: dateTime(m.Timestamp),
		Button:    m.Button,
		Location:  m.Location,
		Errors:    toErrors(m.Errors),
	}
	if f := m.media(); f != nil {
		d.Media = &mediaData{ID: f.ID, MimeType: f.MimeType, SHA256: f.SHA256, Caption: f.Caption,
			Filename: f.Filename, URL: f.URL, Voice: f.Voice, Animated: f.Animated}
	}
	if kind, r := m.reply(); r != nil {
		d.Interactive = &choiceData{Type: kind, ID: r.ID, Title: r.Title, Description: r.Description}
	}
	if m.Reaction != nil {
		d.Reaction = &reactionData{MessageID: m.Reaction.MessageID, Emoji: m.Reaction.Emoji}
	}
	if m.Context != nil && m.Context.ID != "" {
		d.Context = &contextData{MessageID: m.Context.ID, From: m.Context.From}
	}
	if r := m.Referral; r != nil {
		d.Referral = &referralData{SourceURL: r.SourceURL, SourceType: r.SourceType, SourceID: r.SourceID,
			Headline: r.Headline, Body: r.Body, MediaType: r.MediaType, ImageURL: r.ImageURL,
			VideoURL: r.VideoURL, CtwaClid: r.CtwaClid}
	}
	d.Text = d.text(m.Text)
	return d
}

// text is what a person would read as the message: the body, a caption,
// the chosen title, the button's text, an emoji or a place's name.
func (d *messageData) text(body *Text) string {
	switch {
	case body != nil:
		return body.Body
	case d.Media != nil:
		return d.Media.Caption
	case d.Interactive != nil:
		return d.Interactive.Title
	case d.Button != nil:
		return d.Button.Text
	case d.Reaction != nil:
		return d.Reaction.Emoji
	case d.Location != nil:
		return d.Location.Name
	}
	return ""
}

// media returns the file of a media message, or nil.
func (m *Message) media() *Media {
	switch m.Type {
	case "image":
		return m.Image
	case "video":
		return m.Video
	case "audio":
		return m.Audio
	case "document":
		return m.Document
	case "sticker":
		return m.Sticker
	}
	return nil
}

// reply returns the kind ("button_reply" or "list_reply") and the chosen
// item of an interactive reply, or a nil item for other messages and
// interactive answers this package does not read (flow replies).
func (m *Message) reply() (string, *Reply) {
	switch {
	case m.Interactive == nil:
		return "", nil
	case m.Interactive.ButtonReply != nil:
		return "button_reply", m.Interactive.ButtonReply
	case m.Interactive.ListReply != nil:
		return "list_reply", m.Interactive.ListReply
	}
	return "", nil
}

// toStatus converts a status to the catalog's shape, without the business
// number, which the caller knows.
func toStatus(s *Status) statusEvent {
	d := statusEvent{
		Customer:              customerData{PhoneNumber: s.RecipientID},
		MessageID:             s.ID,
		Status:                s.Status,
		Timestamp:             dateTime(s.Timestamp),
		Errors:                toErrors(s.Errors),
		BizOpaqueCallbackData: s.BizOpaqueCallbackData,
	}
	if c := s.Conversation; c != nil && c.ID != "" {
		d.Conversation = &conversationData{ID: c.ID, Category: c.Origin.Type, ExpiresAt: dateTime(c.ExpirationTimestamp)}
	}
	if p := s.Pricing; p != nil {
		d.Pricing = &pricingData{Billable: p.Billable, PricingModel: p.PricingModel, Category: p.Category, Type: p.Type}
	}
	return d
}

func toErrors(errs []Error) []errorData {
	if len(errs) == 0 {
		return nil
	}
	out := make([]errorData, len(errs))
	for i, e := range errs {
		out[i] = errorData{Code: e.Code, Title: e.Title, Message: e.Message, Details: e.ErrorData.Details, Href: e.Href}
	}
	return out
}
