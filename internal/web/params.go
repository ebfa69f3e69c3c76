package web

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/leadport/leadport"
)

// Every parameter of every page and API call is checked here, before any
// handler runs (SPEC §10): the address, the query, and the form fields of the
// body. A NUL character or bytes that are not UTF-8 get a 400 with a clear
// message, whatever the database would have made of them (PostgreSQL refuses
// both, SQLite stores them). Numbers are checked where they are read, by
// idParam and intParam, which say which number and why.

// maxFormBytes is the most the form fields of a request, other than an import
// file, may hold together.
const maxFormBytes = 1 << 20

// maxOffset is the farthest into a list a page or the API may start: no
// dealership holds a billion leads, and the offset stays far from overflowing.
const maxOffset = 1 << 30

// isUpload reports whether r is one of the routes that take an import file
// in a multipart body; readUpload reads and checks their fields itself.
func isUpload(r *http.Request) bool {
	return r.Method == http.MethodPost && (r.URL.Path == "/imports/new" || r.URL.Path == "/api/imports")
}

// checkParams refuses a request with a malformed parameter, and reads the
// form fields of every body but an upload's, at most maxFormBytes of them.
func (s *Server) checkParams(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := checkRequest(w, r); err != nil {
			s.fail(w, r, viewerOf(r).user, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func checkRequest(w http.ResponseWriter, r *http.Request) error {
	if err := checkText("", r.URL.Path); err != nil {
		return err
	}
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return errMalformedQuery
	}
	if err := checkValues(query); err != nil {
		return err
	}
	if r.Body == nil || r.Body == http.NoBody || isUpload(r) {
		return nil
	}
	if r.ContentLength > maxFormBytes {
		return errFormTooLarge
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		err = r.ParseMultipartForm(maxFormBytes)
		if err == nil {
			for _, fhs := range r.MultipartForm.File {
				for _, fh := range fhs {
					if err := checkFileName(fh.Filename); err != nil {
						return err
					}
				}
			}
		}
	default:
		// ParseForm reads url-encoded bodies, and ignores others.
		err = r.ParseForm()
	}
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe) || errors.Is(err, multipart.ErrMessageTooLarge):
		return errFormTooLarge
	case err != nil:
		return errf(leadport.EINVALID, "The form is malformed: "+err.Error()+".", "Le formulaire est mal formé : "+err.Error()+".")
	}
	return checkValues(r.PostForm)
}

func checkValues(v url.Values) error {
	for name, vs := range v {
		if err := checkText("", name); err != nil {
			return err
		}
		for _, x := range vs {
			if err := checkText(name, x); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkText refuses a value no text holds: a NUL character, or bytes that
// are not UTF-8. name is the parameter's name; "" for the address or a
// parameter's name itself.
func checkText(name, v string) error {
	var en, fr string
	switch {
	case strings.IndexByte(v, 0) >= 0:
		en, fr = "holds a NUL character, which no text has", "contient un caractère NUL, qu'aucun texte ne contient"
	case !utf8.ValidString(v):
		en, fr = "holds bytes that are not UTF-8 text", "contient des octets qui ne sont pas du texte UTF-8"
	default:
		return nil
	}
	if name == "" {
		return errf(leadport.EINVALID, "The address or one of its parameters "+en+".", "L'adresse ou l'un de ses paramètres "+fr+".")
	}
	return errf(leadport.EINVALID, "The parameter “"+name+"” "+en+".", "Le paramètre « "+name+" » "+fr+".")
}

// checkFileName is checkText for the name of a file sent in a form.
func checkFileName(v string) error {
	if strings.IndexByte(v, 0) >= 0 || !utf8.ValidString(v) {
		return errBadFileName
	}
	return nil
}

var (
	errBadFileName = errf(leadport.EINVALID,
		"The file's name holds a NUL character or bytes that are not UTF-8 text: rename the file and send it again.",
		"Le nom du fichier contient un caractère NUL ou des octets qui ne sont pas du texte UTF-8 : renommez le fichier et envoyez-le de nouveau.")
	errMalformedQuery = errf(leadport.EINVALID, "The parameters of the address are malformed (a % not followed by two hexadecimal digits, or too many parameters).",
		"Les paramètres de l'adresse sont mal formés (un % qui n'est pas suivi de deux chiffres hexadécimaux, ou trop de paramètres).")
	errFormTooLarge = &localError{code: leadport.EINVALID, status: http.StatusRequestEntityTooLarge,
		en: "The form's fields hold more than 1 MiB together (the import file aside): nothing was saved.",
		fr: "Les champs du formulaire dépassent 1 Mio ensemble (hors fichier importé) : rien n'a été enregistré."}
)

// checkRoute checks the values of the route's pattern once the mux has
// matched it: page, api and public call it before any handler, so that a
// handler's pathID cannot fail.
func checkRoute(r *http.Request) error {
	if strings.Contains(r.Pattern, "{id}") {
		_, err := idParam(r)
		return err
	}
	return nil
}

// idParam returns the {id} of the route: a record number.
func idParam(r *http.Request) (int64, error) {
	v := r.PathValue("id")
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, errf(leadport.EINVALID, fmt.Sprintf("“%s” is not a record number: the address should end with a number such as 12.", v),
			fmt.Sprintf("« %s » n'est pas un numéro de fiche : l'adresse devrait finir par un nombre comme 12.", v))
	}
	return id, nil
}

// intParam returns the whole number the query parameter name holds, def when
// it is absent, and refuses one outside [lo, hi].
func intParam(q url.Values, name string, def, lo, hi int) (int, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, errf(leadport.EINVALID,
			fmt.Sprintf("The parameter “%s” must be a whole number from %d to %d, not “%s”.", name, lo, hi, v),
			fmt.Sprintf("Le paramètre « %s » doit être un nombre entier de %d à %d, et non « %s ».", name, lo, hi, v))
	}
	return n, nil
}

// fieldBudget counts the bytes of an upload's body that are not the file,
// and stops the body once they pass maxFormBytes: the multipart reader then
// fails with errFormTooLarge, before it holds more.
type fieldBudget struct {
	r      io.Reader
	inFile bool
	fields int64
}

func (b *fieldBudget) Read(p []byte) (int, error) {
	if !b.inFile && b.fields > maxFormBytes {
		return 0, errFormTooLarge
	}
	n, err := b.r.Read(p)
	if !b.inFile {
		b.fields += int64(n)
	}
	return n, err
}
