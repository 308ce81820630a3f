package report

import (
	"bufio"
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
	"sync"
)

// JSONRenderer writes a document as indented JSON: the audit report (whose
// fields are a public contract, see JSONSchema), a diff or a policy report.
type JSONRenderer struct{}

var (
	_ Renderer       = JSONRenderer{}
	_ DiffRenderer   = JSONRenderer{}
	_ PolicyRenderer = JSONRenderer{}
)

// Render implements Renderer.
func (JSONRenderer) Render(w io.Writer, r *Report) error {
	return writeJSON(w, r, "JSON report")
}

// RenderDiff implements DiffRenderer.
func (JSONRenderer) RenderDiff(w io.Writer, d *Diff) error {
	return writeJSON(w, d, "JSON diff")
}

// RenderPolicy implements PolicyRenderer.
func (JSONRenderer) RenderPolicy(w io.Writer, r *PolicyReport) error {
	return writeJSON(w, r, "JSON policy report")
}

// writeJSON writes v as indented JSON, leaving <, > and & as they are, and
// a final newline: what a json.Encoder with SetIndent("", "  ") and
// SetEscapeHTML(false) writes, byte for byte. It streams the document: the
// structs that hold lists of structs (the report, a check) are written
// field by field and those lists element by element, each encoded on its
// own, so that a report of 20,000 pages or findings is never held in
// memory whole (an Encoder builds the whole document, then its indented
// copy). what names the document in the error.
func writeJSON(w io.Writer, v any, what string) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	s := jsonStream{w: bw}
	s.value(reflect.ValueOf(v), "")
	if s.err == nil {
		s.writeString("\n")
	}
	if s.err == nil {
		s.err = bw.Flush()
	}
	if s.err != nil {
		return fmt.Errorf("writing %s: %w", what, s.err)
	}
	return nil
}

// jsonIndent is the indentation of one level.
const jsonIndent = "  "

// jsonStream writes one JSON document; err is its first error.
type jsonStream struct {
	w   *bufio.Writer
	err error
	// encoders encode whole values at a nesting prefix (one per level).
	encoders map[string]*prefixEncoder
}

type prefixEncoder struct {
	buf bytes.Buffer
	enc *json.Encoder
}

func (s *jsonStream) writeString(str string) {
	if s.err == nil {
		_, s.err = s.w.WriteString(str)
	}
}

// value writes v, whose first line is already indented and whose other
// lines start with prefix.
func (s *jsonStream) value(v reflect.Value, prefix string) {
	if s.err != nil {
		return
	}
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() || marshals(v.Type()) {
			break
		}
		v = v.Elem()
	}
	switch {
	case v.Kind() == reflect.Struct && streamsFields(v.Type()):
		s.object(v, prefix)
	case v.Kind() == reflect.Slice && !v.IsNil() && v.Len() > 0 && streamsElements(v.Type()):
		s.array(v, prefix)
	default:
		s.whole(v, prefix)
	}
}

// object writes a struct field by field.
func (s *jsonStream) object(v reflect.Value, prefix string) {
	inner := prefix + jsonIndent
	n := 0
	for _, f := range jsonFields(v.Type()) {
		fv := v.Field(f.index)
		if f.omitEmpty && isEmptyJSON(fv) {
			continue
		}
		if n == 0 {
			s.writeString("{\n")
		} else {
			s.writeString(",\n")
		}
		n++
		s.writeString(inner)
		s.writeString(f.key)
		s.writeString(": ")
		s.value(fv, inner)
	}
	if n == 0 {
		s.writeString("{}")
		return
	}
	s.writeString("\n")
	s.writeString(prefix)
	s.writeString("}")
}

// array writes a slice element by element.
func (s *jsonStream) array(v reflect.Value, prefix string) {
	inner := prefix + jsonIndent
	s.writeString("[\n")
	for i := range v.Len() {
		if i > 0 {
			s.writeString(",\n")
		}
		s.writeString(inner)
		s.value(v.Index(i), inner)
	}
	s.writeString("\n")
	s.writeString(prefix)
	s.writeString("]")
}

// whole writes v with an Encoder, as it would write it nested at prefix.
func (s *jsonStream) whole(v reflect.Value, prefix string) {
	if s.err != nil {
		return
	}
	e := s.encoders[prefix]
	if e == nil {
		if s.encoders == nil {
			s.encoders = map[string]*prefixEncoder{}
		}
		e = &prefixEncoder{}
		e.enc = json.NewEncoder(&e.buf)
		e.enc.SetIndent(prefix, jsonIndent)
		e.enc.SetEscapeHTML(false)
		s.encoders[prefix] = e
	}
	e.buf.Reset()
	var x any
	if v.IsValid() {
		x = v.Interface()
	}
	if s.err = e.enc.Encode(x); s.err != nil {
		return
	}
	// Encode ends the value with a newline, which the document adds where
	// it belongs.
	_, s.err = s.w.Write(bytes.TrimSuffix(e.buf.Bytes(), []byte("\n")))
}

// jsonField is a field of a struct as encoding/json writes it.
type jsonField struct {
	index     int
	key       string // the quoted name
	omitEmpty bool
}

var (
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()

	fieldsCache   sync.Map // reflect.Type -> []jsonField, or nil when the struct is written whole
	streamsCache  sync.Map // reflect.Type -> bool: a struct or slice holds a list of structs
	jsonNameChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"
)

// marshals reports whether t (or *t) encodes itself.
func marshals(t reflect.Type) bool {
	return t.Implements(marshalerType) || t.Implements(textMarshalerType) ||
		t.Kind() != reflect.Pointer && (reflect.PointerTo(t).Implements(marshalerType) || reflect.PointerTo(t).Implements(textMarshalerType))
}

// jsonFields returns the fields of struct type t in the order
// encoding/json writes them, or nil when t is one this stream leaves to
// encoding/json whole: one that encodes itself, or has an embedded field,
// a tag option other than omitempty, a name other than plain letters,
// digits, _ and -, or two fields of the same name.
func jsonFields(t reflect.Type) []jsonField {
	if f, ok := fieldsCache.Load(t); ok {
		return f.([]jsonField)
	}
	var fields []jsonField
	names := map[string]bool{}
	simple := !marshals(t)
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.Anonymous {
			simple = false
			break
		}
		if !sf.IsExported() {
			continue
		}
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if opts != "" && opts != "omitempty" {
			simple = false
			break
		}
		if name == "" {
			name = sf.Name
		}
		if strings.Trim(name, jsonNameChars) != "" || names[name] {
			simple = false
			break
		}
		names[name] = true
		fields = append(fields, jsonField{index: i, key: `"` + name + `"`, omitEmpty: opts == "omitempty"})
	}
	if !simple {
		fields = nil
	}
	fieldsCache.Store(t, fields)
	return fields
}

// streamsFields reports whether a struct of type t is written field by
// field: it is one jsonFields takes apart and it holds a list of structs,
// at any depth.
func streamsFields(t reflect.Type) bool {
	return jsonFields(t) != nil && holdsStructList(t)
}

// streamsElements reports whether a slice of type t is written element by
// element: a list of structs (not of bytes, which are base64).
func streamsElements(t reflect.Type) bool {
	e := t.Elem()
	for e.Kind() == reflect.Pointer {
		e = e.Elem()
	}
	return e.Kind() == reflect.Struct
}

// holdsStructList reports whether struct type t has a field that is a
// list of structs, or a struct that has one.
func holdsStructList(t reflect.Type) bool {
	if b, ok := streamsCache.Load(t); ok {
		return b.(bool)
	}
	streamsCache.Store(t, false) // recursive types
	holds := false
	for _, f := range jsonFields(t) {
		ft := t.Field(f.index).Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch {
		case ft.Kind() == reflect.Slice && streamsElements(ft):
			holds = true
		case ft.Kind() == reflect.Struct && jsonFields(ft) != nil && holdsStructList(ft):
			holds = true
		}
	}
	streamsCache.Store(t, holds)
	return holds
}

// isEmptyJSON is encoding/json's test for omitempty.
func isEmptyJSON(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64,
		reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}
