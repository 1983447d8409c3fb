package sheetstest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// values serves spreadsheets.values get, append and update.
func (g *Google) values(w http.ResponseWriter, r *http.Request, account string) {
	rest, ok := strings.CutPrefix(r.URL.EscapedPath(), "/v4/spreadsheets/")
	parts := strings.Split(rest, "/")
	if !ok || len(parts) != 3 || parts[1] != "values" {
		googleError(w, http.StatusNotFound, "Method not found.")
		return
	}
	id, _ := url.PathUnescape(parts[0])
	rng, err := url.PathUnescape(parts[2])
	if err != nil {
		googleError(w, http.StatusBadRequest, "Unable to parse range: "+parts[2])
		return
	}
	s := g.sheets[id]
	switch {
	case s == nil:
		googleError(w, http.StatusNotFound, "Requested entity was not found.")
		return
	case !s.shared[account]:
		googleError(w, http.StatusForbidden, "The caller does not have permission")
		return
	}
	rng, isAppend := strings.CutSuffix(rng, ":append")
	ref, err := parseRange(rng)
	if err != nil || !s.hasTab(ref.tab) {
		googleError(w, http.StatusBadRequest, "Unable to parse range: "+rng)
		return
	}
	switch {
	case r.Method == http.MethodGet && !isAppend:
		g.get(w, s, ref)
	case r.Method == http.MethodPost && isAppend:
		g.write(w, r, id, s, ref, true)
	case r.Method == http.MethodPut && !isAppend:
		g.write(w, r, id, s, ref, false)
	default:
		googleError(w, http.StatusNotFound, "Method not found.")
	}
}

func (s *spreadsheet) hasTab(name string) bool {
	_, ok := s.tabs[name]
	return ok
}

// a1Ref is a parsed A1 range; zero bounds are open.
type a1Ref struct {
	tab                    string
	col1, row1, col2, row2 int
}

// parseRange parses 'Tab name'!A1:C3, Tab!1:1, Tab!A1 or Tab.
func parseRange(s string) (a1Ref, error) {
	var ref a1Ref
	rest := ""
	if strings.HasPrefix(s, "'") {
		i := 1
		for ; i < len(s); i++ {
			if s[i] == '\'' {
				if i+1 < len(s) && s[i+1] == '\'' {
					ref.tab += "'"
					i++
					continue
				}
				break
			}
			ref.tab += string(s[i])
		}
		if i >= len(s) {
			return ref, errors.New("unterminated sheet name")
		}
		rest = s[i+1:]
		if rest != "" && !strings.HasPrefix(rest, "!") {
			return ref, errors.New("expected an exclamation mark after the sheet name")
		}
		rest = strings.TrimPrefix(rest, "!")
	} else {
		ref.tab, rest, _ = strings.Cut(s, "!")
	}
	if rest == "" {
		return ref, nil
	}
	from, to, isRange := strings.Cut(rest, ":")
	var err error
	if ref.col1, ref.row1, err = parseCell(from); err != nil {
		return ref, err
	}
	ref.col2, ref.row2 = ref.col1, ref.row1
	if isRange {
		ref.col2, ref.row2, err = parseCell(to)
	}
	return ref, err
}

// parseCell parses A1, A or 1; a missing part is 0.
func parseCell(s string) (col, row int, err error) {
	i := 0
	for i < len(s) && s[i] >= 'A' && s[i] <= 'Z' {
		col = col*26 + int(s[i]-'A'+1)
		i++
	}
	if i < len(s) {
		if row, err = strconv.Atoi(s[i:]); err != nil || row < 1 {
			return 0, 0, fmt.Errorf("bad cell %q", s)
		}
	}
	if col == 0 && row == 0 {
		return 0, 0, fmt.Errorf("bad cell %q", s)
	}
	return col, row, nil
}

func colName(c int) string {
	name := ""
	for ; c > 0; c = (c - 1) / 26 {
		name = string(rune('A'+(c-1)%26)) + name
	}
	return name
}

func a1(tab string, col1, row1, col2, row2 int) string {
	return fmt.Sprintf("%s!%s%d:%s%d", tab, colName(col1), row1, colName(col2), row2)
}

func (g *Google) get(w http.ResponseWriter, s *spreadsheet, ref a1Ref) {
	rows := s.tabs[ref.tab]
	row1, row2 := max(ref.row1, 1), ref.row2
	if row2 == 0 || row2 > len(rows) {
		row2 = len(rows)
	}
	col1 := max(ref.col1, 1)
	var values [][]string
	for r := row1; r <= row2; r++ {
		row := rows[r-1]
		end := len(row)
		if ref.col2 > 0 {
			end = min(end, ref.col2)
		}
		var cells []string
		if col1 <= end {
			cells = append(cells, row[col1-1:end]...)
		}
		for len(cells) > 0 && cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1]
		}
		values = append(values, cells)
	}
	for len(values) > 0 && len(values[len(values)-1]) == 0 {
		values = values[:len(values)-1]
	}
	out := map[string]any{"range": a1(ref.tab, col1, row1, max(ref.col2, 26), max(row2, row1)), "majorDimension": "ROWS"}
	if len(values) > 0 {
		out["values"] = values
	}
	writeJSON(w, http.StatusOK, out)
}

// write appends a row after the table, or updates the range's cells;
// null cells are skipped, as Google does.
func (g *Google) write(w http.ResponseWriter, r *http.Request, id string, s *spreadsheet, ref a1Ref, isAppend bool) {
	opt := r.URL.Query().Get("valueInputOption")
	if opt != "USER_ENTERED" && opt != "RAW" {
		googleError(w, http.StatusBadRequest, "'valueInputOption' is required but not specified")
		return
	}
	var body struct {
		Values [][]any `json:"values"`
	}
	if json.Unmarshal(readBody(r), &body) != nil || len(body.Values) == 0 {
		googleError(w, http.StatusBadRequest, "Invalid JSON payload received.")
		return
	}
	rows := s.tabs[ref.tab]
	for len(rows) > 0 && strings.Join(rows[len(rows)-1], "") == "" {
		rows = rows[:len(rows)-1]
	}
	row1, col1 := max(ref.row1, 1), max(ref.col1, 1)
	if isAppend {
		row1 = len(rows) + 1
	}
	cols := 0
	for i, vals := range body.Values {
		if !isAppend && ref.col2 > 0 && col1+len(vals)-1 > ref.col2 {
			googleError(w, http.StatusBadRequest, fmt.Sprintf("Requested writing within range [%s], but tried writing to column [%s]",
				a1(ref.tab, col1, ref.row1, ref.col2, ref.row2), colName(col1+len(vals)-1)))
			return
		}
		for len(rows) < row1+i {
			rows = append(rows, nil)
		}
		rows[row1+i-1] = writeCells(rows[row1+i-1], col1, vals)
		cols = max(cols, len(vals))
	}
	s.tabs[ref.tab] = rows
	updated := map[string]any{"spreadsheetId": id, "updatedRange": a1(ref.tab, col1, row1, col1+cols-1, row1+len(body.Values)-1),
		"updatedRows": len(body.Values), "updatedColumns": cols, "updatedCells": cols * len(body.Values)}
	if !isAppend {
		writeJSON(w, http.StatusOK, updated)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"spreadsheetId": id, "tableRange": a1(ref.tab, 1, 1, 26, max(row1-1, 1)),
		"updates": updated})
}

func writeCells(row []string, col1 int, vals []any) []string {
	for j, v := range vals {
		c := col1 + j - 1
		for len(row) <= c {
			row = append(row, "")
		}
		if v != nil {
			row[c] = fmt.Sprint(v)
		}
	}
	return row
}
