package io.photonflow.data.graph;

import io.photonflow.data.DataFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One line of a tab-separated file, cut into its columns, with parsers whose errors name the file
 * and the line: a problem in a data set with thousands of lines must be findable.
 *
 * @param file the file the line is from
 * @param number 1-based line number
 * @param columns the line's columns
 */
record TsvLine(Path file, int number, String[] columns) {

    /** What to do with each line of a file. */
    interface Handler {
        void accept(TsvLine line) throws DataFormatException;
    }

    /**
     * Hands every line of {@code file} to {@code handler}, after checking that it has exactly the
     * named columns. Every line counts: an empty one is malformed, not skipped.
     */
    static void forEach(Path file, List<String> columnNames, Handler handler) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                number++;
                // The limit -1 keeps empty trailing columns: "7\t-1\t" has 3 columns.
                String[] columns = text.split("\t", -1);
                TsvLine line = new TsvLine(file, number, columns);
                if (columns.length != columnNames.size()) {
                    throw line.error(
                            "expected "
                                    + columnNames.size()
                                    + " tab-separated columns ("
                                    + String.join(", ", columnNames)
                                    + "), got "
                                    + (text.isEmpty() ? "an empty line" : columns.length));
                }
                handler.accept(line);
            }
        }
    }

    /** The text of column {@code column}. */
    String text(int column) {
        return columns[column];
    }

    /** Column {@code column} as an integer; {@code what} names it in the error. */
    int integer(int column, String what) throws DataFormatException {
        return parseInt(columns[column], what);
    }

    /** {@code text} as an integer; {@code what} names it in the error. */
    int parseInt(String text, String what) throws DataFormatException {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw error(what + " '" + text + "' is not an integer");
        }
    }

    /** An error about this line. */
    DataFormatException error(String problem) {
        return new DataFormatException(file, "line " + number + ": " + problem);
    }
}
