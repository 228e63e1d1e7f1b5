package org.thinrich.server.caldav;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.eclipse.jetty.http.HttpStatus;
import org.thinrich.server.http.HttpError;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * WebDAV's XML, read with the JDK's DOM parser (no DTDs, no external entities) and written with its
 * streaming writer: request bodies in, multistatus answers and precondition errors out.
 */
final class DavXml {
    static final String DAV = "DAV:";
    static final String CALDAV = "urn:ietf:params:xml:ns:caldav";
    static final String CALENDARSERVER = "http://calendarserver.org/ns/";
    static final String APPLE_ICAL = "http://apple.com/ns/ical/";
    /** Our own: the sentence that says what was wrong, beside a precondition element. */
    static final String THINRICH = "urn:thinrich:caldav";

    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

    static {
        OUTPUT.setProperty(XMLOutputFactory.IS_REPAIRING_NAMESPACES, true);
    }

    private DavXml() {
    }

    static QName dav(String name) {
        return new QName(DAV, name);
    }

    static QName caldav(String name) {
        return new QName(CALDAV, name);
    }

    /** The body as XML; null for an empty body (PROPFIND's "all properties"). HttpError 400 when it is not XML. */
    static Element parse(byte[] body) {
        if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) return null;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            factory.setXIncludeAware(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            Document document = builder.parse(new ByteArrayInputStream(body));
            return document.getDocumentElement();
        } catch (Exception e) {
            throw new HttpError(HttpStatus.BAD_REQUEST_400, "The request body is not well-formed XML: " + e.getMessage());
        }
    }

    static QName name(Element element) {
        return new QName(element.getNamespaceURI() == null ? "" : element.getNamespaceURI(), element.getLocalName());
    }

    static List<Element> children(Element parent) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) result.add(e);
        }
        return result;
    }

    static Element child(Element parent, QName name) {
        for (Element e : children(parent)) {
            if (name(e).equals(name)) return e;
        }
        return null;
    }

    static List<Element> all(Element parent, QName name) {
        return children(parent).stream().filter(e -> name(e).equals(name)).toList();
    }

    /** The names inside a {@code <prop>} element, in order. */
    static List<QName> propNames(Element prop) {
        return prop == null ? List.of() : children(prop).stream().map(DavXml::name).toList();
    }

    /** Writes the content of one property element (its text or child elements). */
    interface Value {
        void write(XMLStreamWriter w) throws XMLStreamException;

        static Value text(String text) {
            return w -> w.writeCharacters(text);
        }

        static Value href(String href) {
            return w -> element(w, dav("href"), text(href));
        }

        Value EMPTY = w -> { };
    }

    static void element(XMLStreamWriter w, QName name, Value content) throws XMLStreamException {
        if (content == Value.EMPTY) {
            w.writeEmptyElement(prefixFor(name.getNamespaceURI()), name.getLocalPart(), name.getNamespaceURI());
            return;
        }
        w.writeStartElement(prefixFor(name.getNamespaceURI()), name.getLocalPart(), name.getNamespaceURI());
        content.write(w);
        w.writeEndElement();
    }

    private static String prefixFor(String namespace) {
        return switch (namespace) {
            case DAV -> "d";
            case CALDAV -> "c";
            case CALENDARSERVER -> "cs";
            case APPLE_ICAL -> "ic";
            case THINRICH -> "t";
            default -> "x";
        };
    }

    /** A 207 Multi-Status answer, built one response at a time. */
    static final class Multistatus {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final XMLStreamWriter w;

        Multistatus() {
            try {
                w = OUTPUT.createXMLStreamWriter(out, "UTF-8");
                w.writeStartDocument("UTF-8", "1.0");
                w.writeStartElement("d", "multistatus", DAV);
                w.writeNamespace("d", DAV);
                w.writeNamespace("c", CALDAV);
                w.writeNamespace("cs", CALENDARSERVER);
            } catch (XMLStreamException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * One resource's properties: those asked for ({@code asked}; null: all that {@code known}
         * holds) with their values, and those it has not under 404.
         */
        Multistatus resource(String href, Map<QName, Value> known, List<QName> asked, boolean namesOnly) {
            Map<QName, Value> found = new LinkedHashMap<>();
            List<QName> missing = new ArrayList<>();
            if (asked == null) found.putAll(known);
            else for (QName name : asked) {
                Value value = known.get(name);
                if (value != null) found.put(name, value);
                else missing.add(name);
            }
            try {
                w.writeStartElement("d", "response", DAV);
                element(w, dav("href"), Value.text(href));
                if (!found.isEmpty()) propstat(found, namesOnly, 200);
                if (!missing.isEmpty()) {
                    Map<QName, Value> empty = new LinkedHashMap<>();
                    missing.forEach(name -> empty.put(name, Value.EMPTY));
                    propstat(empty, true, 404);
                }
                w.writeEndElement();
            } catch (XMLStreamException e) {
                throw new IllegalStateException(e);
            }
            return this;
        }

        /** Properties a PROPPATCH asked to set or remove, each refused with 403. */
        Multistatus refused(String href, List<QName> names) {
            try {
                w.writeStartElement("d", "response", DAV);
                element(w, dav("href"), Value.text(href));
                Map<QName, Value> empty = new LinkedHashMap<>();
                names.forEach(name -> empty.put(name, Value.EMPTY));
                if (!empty.isEmpty()) propstat(empty, true, 403);
                w.writeEndElement();
            } catch (XMLStreamException e) {
                throw new IllegalStateException(e);
            }
            return this;
        }

        /** A member with a status and no properties: 404 for one gone, 507 for "more follows". */
        Multistatus status(String href, int status) {
            try {
                w.writeStartElement("d", "response", DAV);
                element(w, dav("href"), Value.text(href));
                element(w, dav("status"), Value.text(statusLine(status)));
                w.writeEndElement();
            } catch (XMLStreamException e) {
                throw new IllegalStateException(e);
            }
            return this;
        }

        Multistatus syncToken(String token) {
            try {
                element(w, dav("sync-token"), Value.text(token));
            } catch (XMLStreamException e) {
                throw new IllegalStateException(e);
            }
            return this;
        }

        private void propstat(Map<QName, Value> props, boolean namesOnly, int status) throws XMLStreamException {
            w.writeStartElement("d", "propstat", DAV);
            w.writeStartElement("d", "prop", DAV);
            for (Map.Entry<QName, Value> p : props.entrySet()) element(w, p.getKey(), namesOnly ? Value.EMPTY : p.getValue());
            w.writeEndElement();
            element(w, dav("status"), Value.text(statusLine(status)));
            w.writeEndElement();
        }

        byte[] bytes() {
            try {
                w.writeEndElement();
                w.writeEndDocument();
                w.close();
            } catch (XMLStreamException e) {
                throw new IllegalStateException(e);
            }
            return out.toByteArray();
        }
    }

    static String statusLine(int status) {
        return "HTTP/1.1 " + status + " " + HttpStatus.getMessage(status);
    }

    /** An error body naming the precondition that failed (RFC 4918 16), with our sentence beside it. */
    static byte[] error(QName precondition, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter w = OUTPUT.createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("d", "error", DAV);
            w.writeNamespace("d", DAV);
            element(w, precondition, Value.EMPTY);
            if (message != null) element(w, new QName(THINRICH, "message"), Value.text(message));
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
