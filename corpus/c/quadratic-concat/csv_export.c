/*
 * csv_export: dump the in-memory sales table as RFC 4180 CSV.
 *
 *     csv_export > sales.csv
 *
 * Appending with a rescan of the buffer (strcat, sprintf(buf +
 * strlen(buf), ...)) inside a loop is quadratic in the line length
 * (PFL201). The fixed versions keep the write position in a variable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROW_MAX 4096
#define CELL_MAX 512

struct column {
    const char *name;
    int numeric;
};

struct table {
    const struct column *cols;
    size_t ncols;
    const char *const *cells; /* row-major, nrows * ncols */
    size_t nrows;
};

static int needs_quotes(const char *s)
{
    return strpbrk(s, ",\"\r\n") != NULL;
}

/* Quoting one character at a time with strncat: a rescan per character. */
static void quote_cell_naive(const char *cell, char *out)
{
    strcpy(out, "\"");
    for (const char *p = cell; *p != '\0'; p++) {
        if (*p == '"')
            strncat(out, "\"", 1);  // expect: PFL201
        strncat(out, p, 1);  // expect: PFL201
    }
    strcat(out, "\"");  // near-miss: PFL201 after the loop: one append
}

/* The fix: a write index. */
static void quote_cell(const char *cell, char *out, size_t outsz)
{
    size_t o = 0;

    out[o++] = '"';
    for (const char *p = cell; *p != '\0' && o + 3 < outsz; p++) {
        if (*p == '"')
            out[o++] = '"';
        out[o++] = *p;
    }
    out[o++] = '"';
    out[o] = '\0';
}

static void write_header_naive(FILE *out, const struct table *t)
{
    char header[ROW_MAX] = "";

    for (size_t c = 0; c < t->ncols; c++) {
        if (c > 0)
            strcat(header, ",");  // expect: PFL201
        strcat(header, t->cols[c].name);  // expect: PFL201
    }
    fprintf(out, "%s\r\n", header);
}

/*
 * Rows: the row buffer is cleared for every row, but the column loop
 * appends to it with a rescan: quadratic in the number of columns.
 */
static void write_rows_naive(FILE *out, const struct table *t)
{
    char row[ROW_MAX], cell[CELL_MAX];

    for (size_t r = 0; r < t->nrows; r++) {
        row[0] = '\0';
        for (size_t c = 0; c < t->ncols; c++) {
            const char *v = t->cells[r * t->ncols + c];
            if (needs_quotes(v)) {
                quote_cell(v, cell, sizeof cell);
                v = cell;
            }
            sprintf(row + strlen(row), "%s%s", c ? "," : "", v);  // expect: PFL201
        }
        fprintf(out, "%s\r\n", row);
    }
}

/* The fix: memcpy at a tracked position. */
static void write_rows(FILE *out, const struct table *t)
{
    char row[ROW_MAX], cell[CELL_MAX];

    for (size_t r = 0; r < t->nrows; r++) {
        size_t pos = 0;
        for (size_t c = 0; c < t->ncols; c++) {
            const char *v = t->cells[r * t->ncols + c];
            size_t n;
            if (needs_quotes(v)) {
                quote_cell(v, cell, sizeof cell);
                v = cell;
            }
            n = strlen(v);
            if (pos + n + 2 >= sizeof row)
                break;
            if (c > 0)
                row[pos++] = ',';
            memcpy(row + pos, v, n);  // near-miss: PFL201 writes at a tracked position
            pos += n;
        }
        row[pos] = '\0';
        fprintf(out, "%s\r\n", row);
    }
}

/* Per-row footer for spreadsheets: rebuilt from scratch every row. */
static void write_checksums(FILE *out, const struct table *t)
{
    char line[128];

    for (size_t r = 0; r < t->nrows; r++) {
        unsigned sum = 0;
        for (size_t c = 0; c < t->ncols; c++)
            sum += (unsigned char)t->cells[r * t->ncols + c][0];
        snprintf(line, sizeof line, "# row %zu", r + 1);
        strcat(line, " checksum ");  // near-miss: PFL201 snprintf(line, ...) resets the destination in the loop
        sprintf(line + strlen(line), "%08x", sum);  // near-miss: PFL201 the destination is reset in the loop
        fprintf(out, "%s\r\n", line);
    }
}

/* Totals of the numeric columns, appended to one summary line. */
static void write_totals(FILE *out, const struct table *t)
{
    char summary[ROW_MAX];

    snprintf(summary, sizeof summary, "TOTAL");
    for (size_t c = 0; c < t->ncols; c++) {
        double total = 0;
        for (size_t r = 0; t->cols[c].numeric && r < t->nrows; r++)
            total += atof(t->cells[r * t->ncols + c]);
        snprintf(summary + strlen(summary), sizeof summary - strlen(summary), ",%.2f", total);  // expect: PFL201
    }
    fprintf(out, "%s\r\n", summary);
}

/* The three-line banner: a constant number of appends. */
static void write_banner(FILE *out, const char *title)
{
    static const char *const parts[] = { "# export: ", "sales", " (UTF-8, CRLF)" };
    char banner[256];

    memset(banner, 0, sizeof banner);
    for (int k = 0; k < 3; k++)
        strcat(banner, parts[k]);  // near-miss: PFL201 three constant iterations
    fprintf(out, "%s %s\r\n", banner, title);
}

/* Null markers: the cell buffer is zeroed for every cell. */
static void write_nulls(FILE *out, const struct table *t)
{
    char cell[CELL_MAX];

    for (size_t c = 0; c < t->ncols; c++) {
        memset(cell, 0, sizeof cell);
        strcat(cell, t->cols[c].name);  // near-miss: PFL201 memset resets the destination in the loop
        strcat(cell, "=\\N");  // near-miss: PFL201 memset resets the destination in the loop
        fprintf(out, "# %s\r\n", cell);
    }
}

int main(void)
{
    static const struct column cols[] = { { "sku", 0 }, { "name", 0 }, { "qty", 1 }, { "revenue", 1 } };
    static const char *const cells[] = {
        "A-100", "Desk lamp, brass", "3", "89.70",
        "B-220", "Mug \"Hello\"", "12", "71.40",
    };
    struct table t = { cols, 4, cells, 2 };
    char quoted[CELL_MAX];

    write_banner(stdout, "2024-05");
    if (getenv("CSV_NAIVE") != NULL) {
        write_header_naive(stdout, &t);
        write_rows_naive(stdout, &t);
        quote_cell_naive(cells[5], quoted);
    } else {
        write_rows(stdout, &t);
        quote_cell(cells[5], quoted, sizeof quoted);
    }
    write_totals(stdout, &t);
    write_checksums(stdout, &t);
    write_nulls(stdout, &t);
    fprintf(stderr, "%s\n", quoted);
    return 0;
}
