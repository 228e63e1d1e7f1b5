package org.thinrich.scenarios.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.StringReader;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Reads a scenario file; every mistake is one message naming the file, the line and the field. */
public final class ScenarioFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ScenarioFile() {
    }

    public static Scenario load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ScenarioException(file + ": no such file; scenarios/ holds examples such as scenarios/standard.yaml.");
        } catch (IOException e) {
            throw new ScenarioException(file + ": cannot be read (" + e.getMessage() + ").");
        }
        return parse(file.toString(), text);
    }

    static Scenario parse(String fileName, String text) {
        String broken = syntaxError(fileName, text);
        if (broken != null) throw new ScenarioException(broken);
        Scenario scenario;
        try {
            scenario = YAML.readValue(text, Scenario.class);
        } catch (JsonMappingException e) {
            String reason = reason(e);
            Where where = where(text, e, reason);
            throw new ScenarioException(fileName + ", line " + where.line() + ", field '" + where.field() + "': " + reason);
        } catch (JsonProcessingException e) {
            throw new ScenarioException(fileName + ", line " + line(e.getLocation()) + ": not valid YAML (" + e.getOriginalMessage() + ").");
        }
        if (scenario == null) throw new ScenarioException(fileName + ", line 1: the file is empty.");
        try {
            scenario.linkProfiles();
        } catch (Scenario.UnknownProfileException e) {
            throw new ScenarioException(fileName + ", line " + lineOf(text, "profiles", e.profile) + ", field 'profiles': " + e.getMessage());
        }
        return scenario;
    }

    private static String reason(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "there is no such field; the fields here are " + u.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", ")) + ".";
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null && !m.getOriginalMessage().startsWith("Missing required")) {
            String expected = expected(m.getTargetType());
            if (expected != null) {
                Object value = e instanceof InvalidFormatException f ? f.getValue() : null;
                return "expected " + expected + (value != null ? ", not '" + value + "'." : ".");
            }
        }
        Throwable cause = e.getCause();
        while (cause != null && cause.getCause() != null && cause.getMessage() == null) cause = cause.getCause();
        if (cause instanceof IllegalArgumentException) return cause.getMessage();
        String message = e.getOriginalMessage();
        if (message.startsWith("Missing required creator property")) {
            return "this field is required.";
        }
        int detail = message.indexOf(" at [Source");
        return (detail > 0 ? message.substring(0, detail) : message).lines().findFirst().orElse(message);
    }

    /** What a field of this type takes, in a user's words (null: let the parser's message stand). */
    private static String expected(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) return "a whole number";
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) return "a number";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type == String.class) return "a single value (text)";
        if (List.class.isAssignableFrom(type)) return "a list, e.g. [a, b] or one '- item' per line";
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) return "a mapping of fields (name: value) below it";
        return null;
    }

    /**
     * A YAML syntax error in a reader's words: where the construct that is broken started (a list
     * opened with '[' and never closed is reported by the parser at the next line), and what was expected.
     */
    static String syntaxError(String fileName, String text) {
        try {
            new Yaml().compose(new StringReader(text));
        } catch (MarkedYAMLException y) {
            int problemLine = y.getProblemMark() == null ? 1 : y.getProblemMark().getLine() + 1;
            String context = y.getContext() == null ? "" : y.getContext();
            int contextLine = y.getContextMark() == null ? problemLine : y.getContextMark().getLine() + 1;
            String problem = String.valueOf(y.getProblem());
            if (context.contains("flow sequence")) {
                return fileName + ", line " + contextLine + ": a list opened with '[' is not closed with ']' before line " + problemLine + ".";
            }
            if (context.contains("flow mapping")) {
                return fileName + ", line " + contextLine + ": a mapping opened with '{' is not closed with '}' before line " + problemLine + ".";
            }
            if (context.contains("quoted scalar")) {
                return fileName + ", line " + contextLine + ": a quoted value is not closed with its quote.";
            }
            if (problem.contains("mapping values are not allowed")) {
                return fileName + ", line " + problemLine + ": a ':' where it cannot be; put a value with ':' in quotes, "
                        + "or check this line's indentation against the line above.";
            }
            if (problem.contains("TAB")) {
                return fileName + ", line " + problemLine + ": a tab; YAML indents with spaces only.";
            }
            if (problem.contains("expected <block end>") || context.contains("block")) {
                return fileName + ", line " + problemLine + ": the indentation does not match the lines above"
                        + " (each field of a mapping starts in the same column; a list item starts with '- ').";
            }
            return fileName + ", line " + problemLine + ": not valid YAML (" + problem + ").";
        } catch (RuntimeException other) {
            // not a syntax error: Jackson reports it with its field
        }
        return null;
    }

    private record Where(int line, String field) {
    }

    /**
     * The line of the field the error is about. Jackson reports where its parser stood, which for
     * records is the end of the object; the YAML node tree knows where each field starts.
     */
    private static Where where(String text, JsonMappingException e, String reason) {
        String field = path(e);
        Node node;
        try {
            node = new Yaml().compose(new StringReader(text));
        } catch (RuntimeException unparsable) {
            return new Where(line(e.getLocation()), field);
        }
        Node at = node;
        for (JsonMappingException.Reference r : e.getPath()) {
            Node next = null;
            if (r.getFieldName() != null && at instanceof MappingNode m) next = valueOf(m, r.getFieldName());
            else if (r.getIndex() >= 0 && at instanceof SequenceNode q && r.getIndex() < q.getValue().size()) next = q.getValue().get(r.getIndex());
            if (next == null) break;
            at = next;
        }
        // A rule of a whole entry ("seconds must be ...") is about one of its fields: point at that one.
        if (at instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && reason.startsWith(k.getValue() + " ")) {
                    return new Where(t.getKeyNode().getStartMark().getLine() + 1, field + "." + k.getValue());
                }
            }
        }
        if (e instanceof UnrecognizedPropertyException u && at instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(u.getPropertyName())) {
                    return new Where(t.getKeyNode().getStartMark().getLine() + 1, field);
                }
            }
        }
        return new Where(at == null ? 1 : at.getStartMark().getLine() + 1, field);
    }

    private static Node valueOf(MappingNode mapping, String key) {
        for (NodeTuple t : mapping.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) return t.getValueNode();
        }
        return null;
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
            else if (r.getIndex() >= 0) path.append('[').append(r.getIndex()).append(']');
        }
        return path.length() == 0 ? "(top)" : path.toString();
    }

    private static int line(JsonLocation location) {
        return location == null ? 1 : Math.max(1, location.getLineNr());
    }

    /** The line where {@code value} appears after the line that starts {@code key}, for errors found after parsing. */
    private static int lineOf(String text, String key, String value) {
        List<String> lines = text.lines().toList();
        int start = 0;
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).stripLeading().startsWith(key + ":")) start = i;
        for (int i = start; i < lines.size(); i++) if (lines.get(i).matches(".*\\b" + java.util.regex.Pattern.quote(value) + "\\b.*")) return i + 1;
        return start + 1;
    }
}
