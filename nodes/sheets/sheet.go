package sheets

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"google.golang.org/api/googleapi"
	gsheets "google.golang.org/api/sheets/v4"

	"github.com/hookflow/hookflow/internal/mapping"
)

// userEntered makes Sheets read values as if typed in: numbers, dates
// and formulas become what they look like.
const userEntered = "USER_ENTERED"

// sheet is one tab of a spreadsheet, for one step.
type sheet struct {
	svc         *gsheets.Service
	name        string
	op          string
	matchColumn string
	idem        string // Idempotency-Key
	account     string // the service account's email, for messages
}

// a1 returns the tab's name quoted for A1 notation, followed by ref.
func (s *sheet) a1(ref string) string {
	q := "'" + strings.ReplaceAll(s.name, "'", "''") + "'"
	if ref == "" {
		return q
	}
	return q + "!" + ref
}

// read returns the tab's rows, the header row first, cells as text.
func (s *sheet) read(ctx context.Context, id, ref string) ([][]string, error) {
	call := s.svc.Spreadsheets.Values.Get(id, s.a1(ref)).Context(ctx)
	call.Header().Set("Idempotency-Key", s.idem)
	vr, err := call.Do()
	if err != nil {
		return nil, s.explain(id, err)
	}
	rows := make([][]string, len(vr.Values))
	for i, row := range vr.Values {
		rows[i] = make([]string, len(row))
		for j, cell := range row {
			rows[i][j] = fmt.Sprint(cell)
		}
	}
	return rows, nil
}

// headers returns the header row, an error when there is none.
func (s *sheet) headers(rows [][]string) ([]string, error) {
	if len(rows) == 0 || len(rows[0]) == 0 {
		return nil, fmt.Errorf("sheet %q has no header row: put the column names in row 1", s.name)
	}
	return rows[0], nil
}

// column returns the index of the header named name: exactly, else
// ignoring case and surrounding spaces.
func (s *sheet) column(headers []string, name string) (int, error) {
	for i, h := range headers {
		if h == name {
			return i, nil
		}
	}
	for i, h := range headers {
		if strings.EqualFold(strings.TrimSpace(h), strings.TrimSpace(name)) {
			return i, nil
		}
	}
	return 0, fmt.Errorf("column %q is not in the header row of sheet %q (its columns: %s)", name, s.name, strings.Join(headers, ", "))
}

// place puts values under their headers; cells of other columns are nil,
// which Sheets leaves as they are.
func (s *sheet) place(headers []string, values map[string]string) ([]any, error) {
	row := make([]any, len(headers))
	last := -1
	for name, v := range values {
		i, err := s.column(headers, name)
		if err != nil {
			return nil, err
		}
		row[i], last = v, max(last, i)
	}
	return row[:last+1], nil
}

func (s *sheet) append(ctx context.Context, q *request) ([]byte, error) {
	rows, err := s.read(ctx, q.spreadsheet, "1:1")
	if err != nil {
		return nil, err
	}
	headers, err := s.headers(rows)
	if err != nil {
		return nil, err
	}
	row, err := s.place(headers, q.values)
	if err != nil {
		return nil, err
	}
	call := s.svc.Spreadsheets.Values.Append(q.spreadsheet, s.a1("A1"), &gsheets.ValueRange{Values: [][]any{row}}).
		ValueInputOption(userEntered).InsertDataOption("INSERT_ROWS").Context(ctx)
	call.Header().Set("Idempotency-Key", s.idem)
	resp, err := call.Do()
	if err != nil {
		return nil, s.explain(q.spreadsheet, err)
	}
	updated := ""
	if resp.Updates != nil {
		updated = resp.Updates.UpdatedRange
	}
	return s.output(q, updated, rowNumber(updated), headers, cells(row)), nil
}

func (s *sheet) update(ctx context.Context, q *request) ([]byte, error) {
	rows, headers, found, err := s.find(ctx, q)
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, fmt.Errorf("no row of sheet %q has %s = %q", s.name, s.matchColumn, q.matchValue)
	}
	n := found[0] // the first match
	row, err := s.place(headers, q.values)
	if err != nil {
		return nil, err
	}
	ref := "A" + strconv.Itoa(n+1)
	if len(row) > 1 {
		ref += ":" + columnName(len(row)-1) + strconv.Itoa(n+1)
	}
	call := s.svc.Spreadsheets.Values.Update(q.spreadsheet, s.a1(ref), &gsheets.ValueRange{Values: [][]any{row}}).
		ValueInputOption(userEntered).Context(ctx)
	call.Header().Set("Idempotency-Key", s.idem)
	resp, err := call.Do()
	if err != nil {
		return nil, s.explain(q.spreadsheet, err)
	}
	merged := append([]string(nil), rows[n]...)
	for i, v := range cells(row) {
		if row[i] != nil {
			for len(merged) <= i {
				merged = append(merged, "")
			}
			merged[i] = v
		}
	}
	return s.output(q, resp.UpdatedRange, n+1, headers, merged), nil
}

func (s *sheet) lookup(ctx context.Context, q *request) ([]byte, error) {
	rows, headers, found, err := s.find(ctx, q)
	if err != nil {
		return nil, err
	}
	out := append(mapping.AppendString([]byte(`{"spreadsheetId":`), q.spreadsheet), `,"sheet":`...)
	out = append(mapping.AppendString(out, s.name), `,"operation":"lookup","count":`...)
	out = append(strconv.AppendInt(out, int64(len(found)), 10), `,"rows":[`...)
	for i, n := range found {
		if i > 0 {
			out = append(out, ',')
		}
		out = appendRow(out, headers, rows[n])
	}
	out = append(out, `],"rowNumbers":[`...)
	for i, n := range found {
		if i > 0 {
			out = append(out, ',')
		}
		out = strconv.AppendInt(out, int64(n+1), 10)
	}
	return append(out, "]}"...), nil
}

// find reads the tab and returns its rows, headers and the indexes of
// the rows whose match column holds the match value.
func (s *sheet) find(ctx context.Context, q *request) ([][]string, []string, []int, error) {
	rows, err := s.read(ctx, q.spreadsheet, "")
	if err != nil {
		return nil, nil, nil, err
	}
	headers, err := s.headers(rows)
	if err != nil {
		return nil, nil, nil, err
	}
	col, err := s.column(headers, s.matchColumn)
	if err != nil {
		return nil, nil, nil, err
	}
	var found []int
	for i := 1; i < len(rows); i++ {
		if col < len(rows[i]) && strings.TrimSpace(rows[i][col]) == q.matchValue {
			found = append(found, i)
		}
	}
	return rows, headers, found, nil
}

// output is the result of append and update: where the row went and the
// row as an object keyed by header.
func (s *sheet) output(q *request, updatedRange string, row int, headers, cells []string) []byte {
	out := append(mapping.AppendString([]byte(`{"spreadsheetId":`), q.spreadsheet), `,"sheet":`...)
	out = append(mapping.AppendString(out, s.name), `,"operation":`...)
	out = append(mapping.AppendString(out, s.op), `,"updatedRange":`...)
	out = append(mapping.AppendString(out, updatedRange), `,"rowNumber":`...)
	out = append(strconv.AppendInt(out, int64(row), 10), `,"row":`...)
	return append(appendRow(out, headers, cells), '}')
}

// appendRow appends a row as an object of header to cell, in column
// order; missing cells are "".
func appendRow(dst []byte, headers, row []string) []byte {
	dst = append(dst, '{')
	for i, h := range headers {
		if i > 0 {
			dst = append(dst, ',')
		}
		v := ""
		if i < len(row) {
			v = row[i]
		}
		dst = mapping.AppendString(append(mapping.AppendString(dst, h), ':'), v)
	}
	return append(dst, '}')
}

func cells(row []any) []string {
	out := make([]string, len(row))
	for i, v := range row {
		if v != nil {
			out[i] = fmt.Sprint(v)
		}
	}
	return out
}

// columnName returns the A1 name of the column with index i: A, B, ... Z,
// AA, AB...
func columnName(i int) string {
	name := ""
	for i++; i > 0; i = (i - 1) / 26 {
		name = string(rune('A'+(i-1)%26)) + name
	}
	return name
}

var rangeRow = regexp.MustCompile(`![A-Z]+(\d+)`)

// rowNumber reads the first row number of an A1 range: 'Sheet1'!A7:D7 is 7.
func rowNumber(a1 string) int {
	if m := rangeRow.FindStringSubmatch(a1); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// sheetsError is an error answer of the Sheets API, in words a person can
// act on.
type sheetsError struct {
	status  int
	message string
}

func (e *sheetsError) Error() string {
	return fmt.Sprintf("Google Sheets answered %d: %s", e.status, e.message)
}

func (s *sheet) explain(id string, err error) error {
	var ge *googleapi.Error
	if !errors.As(err, &ge) {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("call Google Sheets: %w", err)
	}
	share := "the service account or Google account of the credential"
	if s.account != "" {
		share = s.account
	}
	msg := ge.Message
	switch ge.Code {
	case http.StatusUnauthorized:
		msg = "the credential's access was refused: " + ge.Message
	case http.StatusForbidden:
		msg = "the spreadsheet is not shared with " + share + ", or the Sheets API is not enabled: " + ge.Message
	case http.StatusNotFound:
		msg = "no spreadsheet with id " + id + " (or it is not shared with " + share + ")"
	case http.StatusTooManyRequests:
		msg = "too many requests; retry later"
	case http.StatusBadRequest:
		if strings.Contains(ge.Message, "Unable to parse range") {
			msg = "no tab named " + strconv.Quote(s.name) + " in the spreadsheet (" + ge.Message + ")"
		}
	}
	return &sheetsError{status: ge.Code, message: msg}
}
