/*
 * reasm.c - reassemble fragmented UDP datagrams from a capture of
 * (flow, id, offset, more-fragments, payload) records.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#define FLOW_HASH 256
#define MAX_FRAG  65535

struct frag {
	uint16_t offset;
	uint16_t len;
	int more;
	unsigned char *data;
	TAILQ_ENTRY(frag) link;
};
TAILQ_HEAD(fraglist, frag);

struct dgram {
	uint32_t src, dst;
	uint16_t id;
	struct fraglist frags;
	unsigned char *buf;
	size_t buflen;
	struct dgram *next;
	struct dgram *hnext;
};

struct rec {
	uint32_t src, dst;
	uint16_t id, offset, len;
	int more;
	unsigned char payload[1500];
};

static struct dgram *pending;                 /* plain list, oldest first */
static struct dgram *by_hash[FLOW_HASH];      /* same dgrams, hashed */
static uint32_t blocked[64];
static size_t nblocked;

static struct dgram *find_dgram(struct dgram *head, uint32_t src, uint16_t id)
{
	struct dgram *d;

	for (d = head; d != NULL; d = d->next)
		if (d->src == src && d->id == id)
			return d;
	return NULL;
}

static int is_blocked(uint32_t addr)
{
	size_t i;

	for (i = 0; i < nblocked; i++)
		if (blocked[i] == addr)
			return 1;
	return 0;
}

static struct dgram *new_dgram(const struct rec *r)
{
	struct dgram *d = calloc(1, sizeof *d);

	d->src = r->src;
	d->dst = r->dst;
	d->id = r->id;
	TAILQ_INIT(&d->frags);
	d->next = pending;
	pending = d;
	return d;
}

static int has_frag(const struct dgram *d, uint16_t offset)
{
	const struct frag *it;

	TAILQ_FOREACH(it, &d->frags, link)
		if (it->offset == offset)
			return 1;
	return 0;
}

/* Inserts in offset order. */
static void add_frag(struct dgram *d, const struct rec *r)
{
	struct frag *f, *it;

	f = calloc(1, sizeof *f);
	f->offset = r->offset;
	f->len = r->len;
	f->more = r->more;
	f->data = malloc(r->len);
	memcpy(f->data, r->payload, r->len);
	TAILQ_FOREACH(it, &d->frags, link)
		if (it->offset > f->offset)
			break;
	if (it)
		TAILQ_INSERT_BEFORE(it, f, link);
	else
		TAILQ_INSERT_TAIL(&d->frags, f, link);
}

/* Returns 1 when the datagram is complete and copied into d->buf. */
static int try_complete(struct dgram *d)
{
	struct frag *f, *last = NULL;
	uint32_t expect = 0;

	TAILQ_FOREACH(f, &d->frags, link) {
		if (f->offset != expect)
			return 0;
		expect += f->len;
		last = f;
	}
	if (!last || last->more)
		return 0;
	TAILQ_FOREACH(f, &d->frags, link) {
		d->buf = realloc(d->buf, d->buflen + f->len); // expect: PFL203
		memcpy(d->buf + d->buflen, f->data, f->len);
		d->buflen += f->len;
	}
	return 1;
}

static void read_capture(FILE *in)
{
	struct rec r;
	struct dgram *d;

	while (fread(&r, sizeof r, 1, in) == 1) {
		if (r.len > sizeof r.payload || r.offset > MAX_FRAG)
			continue;
		if (is_blocked(r.src)) // expect: PFL301
			continue;
		d = find_dgram(pending, r.src, r.id); // expect: PFL301
		if (!d)
			d = new_dgram(&r);
		else if (has_frag(d, r.offset)) // expect: PFL301
			continue;               /* duplicate */
		add_frag(d, &r);
	}
}

/* Same lookup through the hash index: bucket chains are short. */
static struct dgram *lookup_hashed(uint32_t src, uint16_t id)
{
	struct dgram *d;

	for (d = by_hash[(src ^ id) % FLOW_HASH]; d; d = d->hnext)
		if (d->src == src && d->id == id)
			return d;
	return NULL;
}

static void deliver_all(FILE *out)
{
	struct dgram *d;
	unsigned long done = 0;

	for (d = pending; d; d = d->next) {
		if (!try_complete(d))
			continue;
		fwrite(&d->src, sizeof d->src, 1, out);
		fwrite(&d->buflen, sizeof d->buflen, 1, out);
		fwrite(d->buf, 1, d->buflen, out);
		done++;
	}
	fprintf(stderr, "%lu datagrams reassembled\n", done);
}

/* Flags datagrams whose (src, id) pair shows up twice in the pending list. */
static void check_duplicates(void)
{
	struct dgram *a, *b;

	for (a = pending; a; a = a->next)
		for (b = a->next; b; b = b->next)
			if (b->src == a->src && b->id == a->id) // expect: PFL301
				fprintf(stderr, "dup id %u from %08x\n", a->id, a->src);
}

/* Which destinations also appear as sources?  Both lists are walked. */
static void report_reflectors(void)
{
	struct dgram *a, *b;
	uint32_t target;

	for (a = pending; a; a = a->next) {
		target = a->dst;
		for (b = pending; b; b = b->next) {
			if (b == a)
				continue;
			if (b->src == target) { // expect: PFL301
				printf("reflector %08x\n", target);
				break;
			}
		}
	}
}

/* Private ranges: four fixed prefixes. */
static int is_private(uint32_t addr)
{
	static const uint32_t nets[4] = { 0x0a000000, 0xac100000, 0xc0a80000, 0x7f000000 };
	static const uint32_t masks[4] = { 0xff000000, 0xfff00000, 0xffff0000, 0xff000000 };
	int k;

	for (k = 0; k < 4; k++)
		if ((addr & masks[k]) == nets[k])
			return 1;
	return 0;
}

static void count_private(void)
{
	struct dgram *d;
	unsigned n = 0;
	int k;
	static const uint32_t well_known[3] = { 0x08080808, 0x01010101, 0x09090909 };

	for (d = pending; d; d = d->next) {
		if (is_private(d->dst))
			n++;
		for (k = 0; k < 3; k++)
			if (well_known[k] == d->dst) // near-miss: PFL301 inner loop over three constant items
				n++;
	}
	printf("%u datagrams to private or well-known addresses\n", n);
}

static void index_pending(void)
{
	struct dgram *d;
	unsigned h;

	for (d = pending; d; d = d->next) {
		if (lookup_hashed(d->src, d->id))
			continue;
		h = (d->src ^ d->id) % FLOW_HASH;
		d->hnext = by_hash[h];
		by_hash[h] = d;
	}
}

int main(int argc, char **argv)
{
	FILE *in = argc > 1 ? fopen(argv[1], "rb") : stdin;
	char line[32];
	FILE *bl;

	if (!in)
		return 1;
	if ((bl = fopen("/etc/reasm.block", "r"))) {
		while (nblocked < 64 && fgets(line, sizeof line, bl))
			blocked[nblocked++] = (uint32_t)strtoul(line, NULL, 16);
		fclose(bl);
	}
	read_capture(in);
	index_pending();
	check_duplicates();
	report_reflectors();
	count_private();
	deliver_all(stdout);
	return 0;
}
