/*
 * fwaudit: check a conntrack dump against the firewall policy and report
 * the connections the policy should have dropped.
 *
 *     conntrack -L -o extended | fwaudit policy.conf
 *
 * The policy lists (blocked ports, allowed sources, named rules) are
 * searched once per connection. A linear scan per connection, written
 * inline or in a helper of this file, is a nested linear search
 * (PFL301); the deny table is a hash table, walked one bucket per lookup.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CONNS 65536
#define DENY_BUCKETS 4096

struct conn {
    uint32_t src, dst;
    uint16_t sport, dport;
    char proto[8];
    char rule[32]; /* the rule that accepted it, from the ct label */
};

struct rule {
    char name[32];
    int enabled;
    struct rule *next;
};

struct deny_entry {
    uint32_t ip;
    struct deny_entry *next;
};

struct policy {
    uint16_t blocked_ports[1024];
    size_t nblocked;
    uint32_t allowed_src[4096];
    size_t nallowed;
    struct rule *rules;
    struct deny_entry *deny[DENY_BUCKETS];
};

static int port_blocked(const uint16_t *ports, size_t n, uint16_t port)
{
    for (size_t i = 0; i < n; i++) {
        if (ports[i] == port)
            return 1;
    }
    return 0;
}

static const struct rule *rule_by_name(const struct rule *head, const char *name)
{
    for (const struct rule *r = head; r != NULL; r = r->next) {
        if (strcmp(r->name, name) == 0)
            return r;
    }
    return NULL;
}

static unsigned ip_hash(uint32_t ip)
{
    return (ip * 2654435761u) >> 20;
}

static int denied(const struct policy *p, uint32_t ip)
{
    for (const struct deny_entry *e = p->deny[ip_hash(ip) % DENY_BUCKETS]; e != NULL; e = e->next) {
        if (e->ip == ip)  // near-miss: PFL301 a hash-bucket chain
            return 1;
    }
    return 0;
}

static void deny_add(struct policy *p, uint32_t ip)
{
    struct deny_entry *e = malloc(sizeof *e);

    if (e == NULL)
        return;
    e->ip = ip;
    e->next = p->deny[ip_hash(ip) % DENY_BUCKETS];
    p->deny[ip_hash(ip) % DENY_BUCKETS] = e;
}

static int load_policy(struct policy *p, FILE *in)
{
    char line[160], word[40], name[32];
    unsigned port;
    struct in_addr a;

    while (fgets(line, sizeof line, in) != NULL) {
        if (sscanf(line, "block port %u", &port) == 1 && p->nblocked < 1024) {
            p->blocked_ports[p->nblocked++] = (uint16_t)port;
        } else if (sscanf(line, "allow from %39s", word) == 1 && p->nallowed < 4096 && inet_pton(AF_INET, word, &a) == 1) {
            p->allowed_src[p->nallowed++] = a.s_addr;
        } else if (sscanf(line, "deny from %39s", word) == 1 && inet_pton(AF_INET, word, &a) == 1) {
            deny_add(p, a.s_addr);
        } else if (sscanf(line, "rule %31s", name) == 1) {
            struct rule *r = calloc(1, sizeof *r);
            if (r == NULL)
                return -1;
            snprintf(r->name, sizeof r->name, "%s", name);
            r->enabled = strstr(line, "disabled") == NULL;
            r->next = p->rules;
            p->rules = r;
        }
    }
    return 0;
}

static size_t read_conns(FILE *in, struct conn *conns, size_t max)
{
    char line[512], src[40], dst[40];
    unsigned sport, dport;
    size_t n = 0;

    while (n < max && fgets(line, sizeof line, in) != NULL) {
        struct conn *c = &conns[n];
        struct in_addr a, b;
        if (sscanf(line, "%7s %39s %39s %u %u %31s", c->proto, src, dst, &sport, &dport, c->rule) != 6)
            continue;
        if (inet_pton(AF_INET, src, &a) != 1 || inet_pton(AF_INET, dst, &b) != 1)
            continue;
        c->src = a.s_addr;
        c->dst = b.s_addr;
        c->sport = (uint16_t)sport;
        c->dport = (uint16_t)dport;
        n++;
    }
    return n;
}

static void report(const struct conn *c, const char *why)
{
    char src[INET_ADDRSTRLEN], dst[INET_ADDRSTRLEN];
    struct in_addr a = { c->src }, b = { c->dst };

    inet_ntop(AF_INET, &a, src, sizeof src);
    inet_ntop(AF_INET, &b, dst, sizeof dst);
    printf("%-5s %s:%u -> %s:%u  %s\n", c->proto, src, c->sport, dst, c->dport, why);
}

static size_t audit(const struct policy *p, const struct conn *conns, size_t n)
{
    size_t bad = 0;

    for (size_t i = 0; i < n; i++) {
        const struct conn *c = &conns[i];
        const struct rule *r;
        int allowed = 0;

        if (port_blocked(p->blocked_ports, p->nblocked, c->dport)) {  // expect: PFL301
            report(c, "blocked port");
            bad++;
            continue;
        }
        if (denied(p, c->src)) {  // near-miss: PFL301 the helper walks one hash bucket
            report(c, "denied source");
            bad++;
            continue;
        }
        for (size_t j = 0; j < p->nallowed; j++) {
            if (p->allowed_src[j] == c->src) {  // expect: PFL301
                allowed = 1;
                break;
            }
        }
        if (!allowed && p->nallowed > 0) {
            report(c, "source not allowed");
            bad++;
            continue;
        }
        r = rule_by_name(p->rules, c->rule);  // expect: PFL301
        if (r != NULL && !r->enabled) {
            report(c, "accepted by a disabled rule");
            bad++;
        }
    }
    return bad;
}

/* Policy lint: rules that no connection used. */
static void unused_rules(const struct policy *p, const struct conn *conns, size_t n)
{
    for (const struct rule *r = p->rules; r != NULL; r = r->next) {
        size_t j;
        for (j = 0; j < n; j++) {
            if (strcmp(conns[j].rule, r->name) == 0)  // expect: PFL301
                break;
        }
        if (j == n)  // near-miss: PFL301 compares two indexes
            printf("unused rule: %s\n", r->name);
    }
}

/* The management ports that must never be blocked: a fixed set of four. */
static void check_management_ports(const struct policy *p)
{
    static const uint16_t mgmt[4] = { 22, 443, 830, 9100 };

    for (size_t i = 0; i < p->nblocked; i++) {
        for (int k = 0; k < 4; k++) {
            if (mgmt[k] == p->blocked_ports[i])  // near-miss: PFL301 inner loop over 4 constant items
                printf("warning: management port %u is blocked\n", mgmt[k]);
        }
    }
}

/* Duplicate "block port" lines: each pair compared once. */
static void duplicate_blocks(const struct policy *p)
{
    for (size_t i = 0; i < p->nblocked; i++) {
        for (size_t j = i + 1; j < p->nblocked; j++) {
            if (p->blocked_ports[j] == p->blocked_ports[i])  // expect: PFL301
                printf("duplicate block of port %u\n", p->blocked_ports[i]);
        }
    }
}

int main(int argc, char **argv)
{
    static struct conn conns[MAX_CONNS];
    static struct policy policy;
    FILE *f;
    size_t n;

    if (argc != 2 || (f = fopen(argv[1], "r")) == NULL)
        return 2;
    if (load_policy(&policy, f) != 0)
        return 1;
    fclose(f);
    n = read_conns(stdin, conns, MAX_CONNS);
    check_management_ports(&policy);
    duplicate_blocks(&policy);
    printf("%zu of %zu connections violate the policy\n", audit(&policy, conns, n), n);
    unused_rules(&policy, conns, n);
    if (port_blocked(policy.blocked_ports, policy.nblocked, 22))  // near-miss: PFL301 one search, not in a loop
        puts("ssh is blocked");
    return 0;
}
