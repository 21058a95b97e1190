/*
 * mkuser: the argument parsing and prompts of a small admin CLI.
 *
 *     mkuser -vfq --shell=/bin/zsh --groups=wheel,audio NAME
 *
 * strlen() of an argument in the condition of the loop that walks it is
 * a rescan per character (PFL501). The loops that fill or pad a buffer
 * change its length, so their strlen is not flagged.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct options {
    int verbose, force, quiet;
    char shell[128];
    char groups[256];
    char name[33];
};

static void usage(const char *prog)
{
    fprintf(stderr, "usage: %s [-vfq] [--shell=PATH] [--groups=G1,G2] [NAME]\n", prog);
}

/* Prints help text wrapped at 72 columns. */
static void print_wrapped(const char *text)
{
    size_t col = 0;

    for (size_t i = 0; i < strlen(text); i++) {  // expect: PFL501
        if (col >= 72 && text[i] == ' ') {
            putchar('\n');
            col = 0;
            continue;
        }
        putchar(text[i]);
        col++;
    }
    putchar('\n');
}

static int parse_long_option(const char *arg, struct options *o)
{
    size_t k;

    for (k = 0; k < strlen(arg); k++) {  // expect: PFL501
        if (arg[k] == '=')
            break;
    }
    if (k == 7 && strncmp(arg, "--shell", 7) == 0 && arg[k] == '=')
        snprintf(o->shell, sizeof o->shell, "%s", arg + k + 1);
    else if (k == 8 && strncmp(arg, "--groups", 8) == 0 && arg[k] == '=')
        snprintf(o->groups, sizeof o->groups, "%s", arg + k + 1);
    else
        return -1;
    return 0;
}

static int parse_args(int argc, char **argv, struct options *o)
{
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) == 0) {
            if (parse_long_option(argv[i], o) != 0)
                return -1;
        } else if (argv[i][0] == '-') {
            for (size_t j = 1; j < strlen(argv[i]); j++) {  // expect: PFL501
                switch (argv[i][j]) {
                case 'v': o->verbose++; break;
                case 'f': o->force = 1; break;
                case 'q': o->quiet = 1; break;
                default: return -1;
                }
            }
        } else {
            snprintf(o->name, sizeof o->name, "%s", argv[i]);
        }
    }
    return 0;
}

static int valid_groups(const char *groups)
{
    size_t commas = 0;

    for (size_t i = 0, n = strlen(groups); i < n; i++) {  // near-miss: PFL501 strlen in the init clause: once
        if (groups[i] == ',')
            commas++;
        else if (!islower((unsigned char)groups[i]) && !isdigit((unsigned char)groups[i]))
            return 0;
    }
    return commas < 16;
}

static int valid_name(const char *name)
{
    size_t i = 0;

    if (!islower((unsigned char)name[0]))
        return 0;
    do {
        if (!islower((unsigned char)name[i]) && !isdigit((unsigned char)name[i]) && name[i] != '-')
            return 0;
        i++;
    } while (i < strlen(name));  // expect: PFL501
    return 1;
}

/* Asks until the answer is not empty: fgets rewrites the buffer. */
static int prompt(const char *question, char *answer, size_t size)
{
    do {
        printf("%s: ", question);
        fflush(stdout);
        if (fgets(answer, (int)size, stdin) == NULL)
            return -1;
        answer[strcspn(answer, "\n")] = '\0';
    } while (strlen(answer) == 0);  // near-miss: PFL501 fgets writes answer in the loop
    return 0;
}

/* Left-aligned column: pads the label with spaces up to the width. */
static void pad_right(char *label, size_t width)
{
    while (strlen(label) < width) {  // near-miss: PFL501 the body appends to label
        size_t l = strlen(label);
        label[l] = ' ';
        label[l + 1] = '\0';
    }
}

static void print_summary(const struct options *o)
{
    static const char *const labels[] = { "name", "shell", "groups" };
    const char *values[] = { o->name, o->shell, o->groups };

    for (int k = 0; k < 3; k++) {
        char label[16];
        snprintf(label, sizeof label, "%s", labels[k]);
        pad_right(label, 8);
        printf("%s%s\n", label, values[k]);
    }
}

int main(int argc, char **argv)
{
    struct options o = { 0, 0, 0, "/bin/bash", "users", "" };

    if (parse_args(argc, argv, &o) != 0) {
        usage(argv[0]);
        print_wrapped("Creates a local user with a home directory, the given login shell and the given supplementary groups. Without NAME it asks for one. -v prints each step, -f replaces an existing user, -q prints nothing.");
        return 2;
    }
    if (o.name[0] == '\0' && prompt("user name", o.name, sizeof o.name) != 0)
        return 1;
    if (!valid_name(o.name) || !valid_groups(o.groups)) {
        fprintf(stderr, "invalid name or group list\n");
        return 1;
    }
    if (!o.quiet)
        print_summary(&o);
    return 0;
}
