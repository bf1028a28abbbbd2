package portal

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"concejo/internal/core/directory"
)

// DCAT-AP-ES vocabulary (see shared/standards/opendata.md).
const (
	dcatPublisher = "http://datos.gob.es/recurso/sector-publico/org/Organismo/"
	dcatTheme     = "http://datos.gob.es/kos/sector-publico/sector/"
	dcatSpatial   = "http://datos.gob.es/recurso/sector-publico/territorio/Provincia/Caceres"
	dcatLanguage  = "http://publications.europa.eu/resource/authority/language/SPA"
	dcatFileType  = "http://publications.europa.eu/resource/authority/file-type/"
	dcatFrequency = "http://publications.europa.eu/resource/authority/frequency/"
	dcatMedia     = "https://www.iana.org/assignments/media-types/"
	dcatLicense   = "https://creativecommons.org/licenses/by/4.0/"
	dcatTaxonomy  = "http://datos.gob.es/kos/sector-publico/sector"
)

// catalogEntry is one site's part of a catalogue.
type catalogEntry struct {
	Site     *Site
	Datasets []Dataset
}

// turtle writes a DCAT-AP-ES catalogue in Turtle.
func turtle(title, desc, uri, homepage, publisherDIR3 string, entries []catalogEntry, now time.Time) []byte {
	var b strings.Builder
	b.WriteString(`@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

`)
	fmt.Fprintf(&b, "<%s> a dcat:Catalog ;\n  dct:title %s ;\n  dct:description %s ;\n  dct:publisher <%s%s> ;\n",
		uri, lit(title), lit(desc), dcatPublisher, publisherDIR3)
	fmt.Fprintf(&b, "  foaf:homepage <%s> ;\n  dct:language <%s> ;\n  dct:spatial <%s> ;\n  dcat:themeTaxonomy <%s> ;\n  dct:modified %s",
		homepage, dcatLanguage, dcatSpatial, dcatTaxonomy, dateLit(now))
	for _, e := range entries {
		for _, d := range e.Datasets {
			fmt.Fprintf(&b, " ;\n  dcat:dataset <%s>", e.Site.URL+"/datos/"+d.Slug)
		}
	}
	b.WriteString(" .\n")
	for _, e := range entries {
		s := e.Site
		for _, d := range e.Datasets {
			du := s.URL + "/datos/" + d.Slug
			fmt.Fprintf(&b, "\n<%s> a dcat:Dataset ;\n  dct:identifier %s ;\n  dct:title %s ;\n  dct:description %s ;\n",
				du, lit(du), lit(d.Title), lit(d.Description))
			fmt.Fprintf(&b, "  dcat:theme <%s%s> ;\n", dcatTheme, d.Theme)
			for _, k := range d.Keywords {
				fmt.Fprintf(&b, "  dcat:keyword %s ;\n", lit(k))
			}
			fmt.Fprintf(&b, "  dct:publisher <%s%s> ;\n  dct:language <%s> ;\n  dct:spatial <%s> ;\n", dcatPublisher, s.DIR3, dcatLanguage, dcatSpatial)
			if !d.Issued.IsZero() {
				fmt.Fprintf(&b, "  dct:issued %s ;\n", dateLit(d.Issued))
			}
			fmt.Fprintf(&b, "  dct:modified %s ;\n", dateLit(d.Modified))
			if d.Frequency != "" {
				fmt.Fprintf(&b, "  dct:accrualPeriodicity <%s%s> ;\n", dcatFrequency, d.Frequency)
			}
			fmt.Fprintf(&b, "  dcat:landingPage <%s> ;\n", du)
			fmt.Fprintf(&b, "  dcat:contactPoint [ a vcard:Organization ; vcard:fn %s", lit(s.Name))
			if s.Email != "" {
				fmt.Fprintf(&b, " ; vcard:hasEmail <mailto:%s>", iriSafe(s.Email))
			}
			fmt.Fprintf(&b, " ; vcard:hasURL <%s/> ]", s.URL)
			for _, f := range d.Formats {
				fmt.Fprintf(&b, " ;\n  dcat:distribution <%s/%s>", du, f)
			}
			b.WriteString(" .\n")
			for _, f := range d.Formats {
				fi := formatInfo[f]
				fu := du + "/" + f
				fmt.Fprintf(&b, "\n<%s> a dcat:Distribution ;\n  dct:title %s ;\n  dcat:accessURL <%s> ;\n  dcat:downloadURL <%s> ;\n"+
					"  dct:format <%s%s> ;\n  dcat:mediaType <%s%s> ;\n  dct:license <%s> ;\n  dct:modified %s .\n",
					fu, lit(d.Title+" ("+fi.Label+")"), fu, fu, dcatFileType, fi.EU, dcatMedia, fi.Media, dcatLicense, dateLit(d.Modified))
			}
		}
	}
	return []byte(b.String())
}

// lit is a Turtle literal in Spanish.
func lit(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`)
	return `"` + r.Replace(s) + `"@es`
}

func dateLit(t time.Time) string {
	return `"` + t.UTC().Format("2006-01-02T15:04:05Z") + `"^^xsd:dateTime`
}

// iriSafe drops the characters an IRI cannot hold.
func iriSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r <= ' ' || strings.ContainsRune(`<>"{}|^`+"`\\", r) {
			return -1
		}
		return r
	}, s)
}

// jsonLD writes the same catalogue as JSON-LD.
func jsonLD(title, desc, uri, homepage, publisherDIR3 string, entries []catalogEntry, now time.Time) ([]byte, error) {
	type obj = map[string]any
	id := func(u string) obj { return obj{"@id": u} }
	es := func(s string) obj { return obj{"@value": s, "@language": "es"} }
	dt := func(t time.Time) obj {
		return obj{"@value": t.UTC().Format("2006-01-02T15:04:05Z"), "@type": "xsd:dateTime"}
	}
	var graph []obj
	var dsRefs []obj
	for _, e := range entries {
		s := e.Site
		for _, d := range e.Datasets {
			du := s.URL + "/datos/" + d.Slug
			dsRefs = append(dsRefs, id(du))
			var dists []obj
			for _, f := range d.Formats {
				fi := formatInfo[f]
				fu := du + "/" + f
				dists = append(dists, id(fu))
				graph = append(graph, obj{"@id": fu, "@type": "dcat:Distribution", "dct:title": es(d.Title + " (" + fi.Label + ")"),
					"dcat:accessURL": id(fu), "dcat:downloadURL": id(fu), "dct:format": id(dcatFileType + fi.EU),
					"dcat:mediaType": id(dcatMedia + fi.Media), "dct:license": id(dcatLicense), "dct:modified": dt(d.Modified)})
			}
			kws := []obj{}
			for _, k := range d.Keywords {
				kws = append(kws, es(k))
			}
			contact := obj{"@type": "vcard:Organization", "vcard:fn": es(s.Name), "vcard:hasURL": id(s.URL + "/")}
			if s.Email != "" {
				contact["vcard:hasEmail"] = id("mailto:" + iriSafe(s.Email))
			}
			ds := obj{"@id": du, "@type": "dcat:Dataset", "dct:identifier": du, "dct:title": es(d.Title),
				"dct:description": es(d.Description), "dcat:theme": id(dcatTheme + d.Theme), "dcat:keyword": kws,
				"dct:publisher": id(dcatPublisher + s.DIR3), "dct:language": id(dcatLanguage), "dct:spatial": id(dcatSpatial),
				"dct:modified": dt(d.Modified), "dcat:landingPage": id(du), "dcat:contactPoint": contact, "dcat:distribution": dists}
			if !d.Issued.IsZero() {
				ds["dct:issued"] = dt(d.Issued)
			}
			if d.Frequency != "" {
				ds["dct:accrualPeriodicity"] = id(dcatFrequency + d.Frequency)
			}
			graph = append(graph, ds)
		}
	}
	cat := obj{"@id": uri, "@type": "dcat:Catalog", "dct:title": es(title), "dct:description": es(desc),
		"dct:publisher": id(dcatPublisher + publisherDIR3), "foaf:homepage": id(homepage), "dct:language": id(dcatLanguage),
		"dct:spatial": id(dcatSpatial), "dcat:themeTaxonomy": id(dcatTaxonomy), "dct:modified": dt(now), "dcat:dataset": dsRefs}
	doc := obj{"@context": obj{"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
		"foaf": "http://xmlns.com/foaf/0.1/", "vcard": "http://www.w3.org/2006/vcard/ns#", "xsd": "http://www.w3.org/2001/XMLSchema#"},
		"@graph": append([]obj{cat}, graph...)}
	return json.MarshalIndent(doc, "", " ")
}

func (m *Module) siteCatalog(r *http.Request, s *Site) (title, desc, uri string, entries []catalogEntry, err error) {
	ds, err := m.datasets(r.Context(), s, m.kit.Now())
	if err != nil {
		return
	}
	return "Datos abiertos " + s.Of(), "Catálogo de datos abiertos " + s.Of() + " (DCAT-AP-ES).",
		s.URL + "/datos/catalogo", []catalogEntry{{Site: s, Datasets: ds}}, nil
}

func (m *Module) catalogTurtle(r *http.Request, s *Site) ([]byte, string, error) {
	title, desc, uri, entries, err := m.siteCatalog(r, s)
	if err != nil {
		return nil, "", err
	}
	return turtle(title, desc, uri, s.URL+"/datos", s.DIR3, entries, m.kit.Now()), "text/turtle; charset=utf-8", nil
}

func (m *Module) catalogJSONLD(r *http.Request, s *Site) ([]byte, string, error) {
	title, desc, uri, entries, err := m.siteCatalog(r, s)
	if err != nil {
		return nil, "", err
	}
	b, err := jsonLD(title, desc, uri, s.URL+"/datos", s.DIR3, entries, m.kit.Now())
	return b, "application/ld+json", err
}

// provinceCatalog gathers every site's datasets, with the Diputación as publisher.
func (m *Module) provinceCatalog(ctx context.Context) ([]catalogEntry, string, error) {
	sites, err := allSites(ctx, m.kit.DB)
	if err != nil {
		return nil, "", err
	}
	var entries []catalogEntry
	now := m.kit.Now()
	for _, s := range sites {
		s.URL = strings.TrimRight(m.kit.Config.Public(), "/") + "/e/" + s.Code
		if s.Host != "" {
			s.URL = "https://" + s.Host
		}
		ds, err := m.datasets(ctx, s, now)
		if err != nil {
			return nil, "", err
		}
		entries = append(entries, catalogEntry{Site: s, Datasets: ds})
	}
	dip, err := directory.Diputacion(ctx, m.kit.DB)
	return entries, dip.DIR3, err
}

// provinceTurtle and provinceJSONLD serve the provincial catalogue (several
// MB, seconds to build over every site) from the page cache: it is rebuilt
// after any site's change or cacheMaxAge, and answers If-None-Match with 304.
func (m *Module) provinceTurtle(w http.ResponseWriter, r *http.Request) error {
	return m.serveProvinceCatalog(w, r, "text/turtle; charset=utf-8", func(uri string, entries []catalogEntry, dir3 string, now time.Time) ([]byte, error) {
		return turtle(provinceTitle, provinceDescription, uri, uri+".ttl", dir3, entries, now), nil
	})
}

func (m *Module) provinceJSONLD(w http.ResponseWriter, r *http.Request) error {
	return m.serveProvinceCatalog(w, r, "application/ld+json", func(uri string, entries []catalogEntry, dir3 string, now time.Time) ([]byte, error) {
		return jsonLD(provinceTitle, provinceDescription, uri, uri+".jsonld", dir3, entries, now)
	})
}

const (
	provinceTitle       = "Datos abiertos de las entidades locales de la provincia de Cáceres"
	provinceDescription = "Catálogo provincial de datos abiertos de los portales municipales prestados por la Diputación de Cáceres (DCAT-AP-ES)."
)

// serveProvinceCatalog serves the provincial catalogue that write makes
// from every site's datasets, through the page cache.
func (m *Module) serveProvinceCatalog(w http.ResponseWriter, r *http.Request, ctype string,
	write func(uri string, entries []catalogEntry, dir3 string, now time.Time) ([]byte, error)) error {
	return m.serveCached(w, r, func(now time.Time) (*cachedPage, error) {
		entries, dir3, err := m.provinceCatalog(r.Context())
		if err != nil {
			return nil, err
		}
		body, err := write(strings.TrimRight(m.kit.Config.Public(), "/")+"/datos/catalogo", entries, dir3, now)
		if err != nil {
			return nil, err
		}
		return &cachedPage{entityID: everySite, body: body, contentType: ctype, modified: now, expires: now.Add(cacheMaxAge)}, nil
	})
}
