/*
 * order_matcher: the nightly fulfilment planner. Joins the day's orders
 * with the customer list, the product table and the warehouses, then
 * reconciles the shipped ids with the carrier's manifest.
 *
 * A join written as a loop inside a loop, looking every order's key up by
 * walking the other table, is O(orders * table) (PFL301). Sorting and
 * bisecting, merging two sorted arrays, or indexing by key is not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct customer {
    long id;
    char name[64];
    int region;
    struct customer *next;
};

struct product {
    long sku_id;
    int weight_g;
    int warehouse_id;
};

struct line {
    long sku_id;
    int qty;
};

struct order {
    long id;
    long customer_id;
    int warehouse_id;
    struct line lines[16];
    int nlines;
    const struct customer *customer;
    int weight_g;
};

struct warehouse {
    int id;
    char code[8];
    int open;
};

/* Customers are kept in a linked list by the loader. */
static void attach_customers_naive(struct order *orders, size_t n, const struct customer *customers)
{
    for (size_t i = 0; i < n; i++) {
        orders[i].customer = NULL;
        for (const struct customer *c = customers; c != NULL; c = c->next) {
            if (c->id == orders[i].customer_id) {  // expect: PFL301
                orders[i].customer = c;
                break;
            }
        }
    }
}

static int cmp_product(const void *a, const void *b)
{
    const struct product *x = a, *y = b;
    return (x->sku_id > y->sku_id) - (x->sku_id < y->sku_id);
}

/* Order weight: every line's product found by scanning the product table. */
static void compute_weights_naive(struct order *orders, size_t n, const struct product *products, size_t nproducts)
{
    for (size_t i = 0; i < n; i++) {
        orders[i].weight_g = 0;
        for (int k = 0; k < orders[i].nlines; k++) {
            const struct line *ln = &orders[i].lines[k];
            for (size_t j = 0; j < nproducts; j++) {
                if (products[j].sku_id == ln->sku_id) {  // expect: PFL301
                    orders[i].weight_g += products[j].weight_g * ln->qty;
                    break;
                }
            }
        }
    }
}

/* The fix: sort the products once, then bisect for each line. */
static void compute_weights(struct order *orders, size_t n, struct product *products, size_t nproducts)
{
    qsort(products, nproducts, sizeof *products, cmp_product);
    for (size_t i = 0; i < n; i++) {
        orders[i].weight_g = 0;
        for (int k = 0; k < orders[i].nlines; k++) {
            long key = orders[i].lines[k].sku_id;
            size_t lo = 0, hi = nproducts;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (products[mid].sku_id == key) {  // near-miss: PFL301 binary search
                    orders[i].weight_g += products[mid].weight_g * orders[i].lines[k].qty;
                    break;
                }
                if (products[mid].sku_id < key)
                    lo = mid + 1;
                else
                    hi = mid;
            }
        }
    }
}

/* Warehouse of each order: scanned until the id matches. */
static size_t orders_for_closed_warehouses(const struct order *orders, size_t n, const struct warehouse *wh, size_t nwh)
{
    size_t closed = 0;

    for (size_t i = 0; i < n; i++) {
        const struct order *o = &orders[i];
        size_t j;
        for (j = 0; j < nwh && wh[j].id != o->warehouse_id; j++)  // expect: PFL301
            ;
        if (j < nwh && !wh[j].open)
            closed++;
    }
    return closed;
}

/* The fix: warehouses indexed by id (ids are small integers). */
static size_t orders_for_closed_warehouses_indexed(const struct order *orders, size_t n, const struct warehouse *wh, size_t nwh)
{
    int open_by_id[256];
    size_t closed = 0;

    memset(open_by_id, -1, sizeof open_by_id);
    for (size_t j = 0; j < nwh; j++)
        open_by_id[wh[j].id & 255] = wh[j].open;
    for (size_t i = 0; i < n; i++) {
        if (open_by_id[orders[i].warehouse_id & 255] == 0)  // near-miss: PFL301 direct index, no inner loop
            closed++;
    }
    return closed;
}

/* Embargoed regions: four fixed entries checked per customer. */
static size_t embargoed_orders(const struct order *orders, size_t n)
{
    static const int embargoed[4] = { 17, 41, 58, 63 };
    size_t count = 0;

    for (size_t i = 0; i < n; i++) {
        if (orders[i].customer == NULL)
            continue;
        for (int k = 0; k < 4; k++) {
            if (embargoed[k] == orders[i].customer->region) {  // near-miss: PFL301 inner loop over 4 constant items
                count++;
                break;
            }
        }
    }
    return count;
}

/* Lines with nothing to pick. */
static size_t empty_lines(const struct order *orders, size_t n)
{
    size_t empty = 0;

    for (size_t i = 0; i < n; i++) {
        for (int k = 0; k < orders[i].nlines; k++) {
            if (orders[i].lines[k].qty == 0)  // near-miss: PFL301 compares with a constant
                empty++;
        }
    }
    return empty;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* Shipped ids against the carrier manifest: two sorted arrays, merged. */
static size_t missing_from_manifest(long *shipped, size_t ns, long *manifest, size_t nm)
{
    size_t i = 0, j = 0, missing = 0;

    qsort(shipped, ns, sizeof *shipped, cmp_long);
    qsort(manifest, nm, sizeof *manifest, cmp_long);
    while (i < ns && j < nm) {
        if (shipped[i] == manifest[j]) {  // near-miss: PFL301 two-pointer merge of sorted arrays
            i++;
            j++;
        } else if (shipped[i] < manifest[j]) {
            missing++;
            i++;
        } else {
            j++;
        }
    }
    return missing + (ns - i);
}

/* The naive reconciliation it replaced. */
static size_t missing_from_manifest_naive(const long *shipped, size_t ns, const long *manifest, size_t nm)
{
    size_t missing = 0;

    for (size_t i = 0; i < ns; i++) {
        long id = shipped[i];
        int found = 0;
        for (size_t j = 0; j < nm && !found; j++)
            found = manifest[j] == id;  // expect: PFL301
        if (!found)
            missing++;
    }
    return missing;
}

/* One customer looked up for the support tool: a single search. */
static const struct customer *find_customer(const struct customer *customers, long id)
{
    const struct customer *c;

    for (c = customers; c != NULL && c->id != id; c = c->next)  // near-miss: PFL301 one search, not inside another loop
        ;
    return c;
}

int main(void)
{
    static struct customer customers[3] = {
        { 1, "Ada", 12, NULL }, { 2, "Grace", 41, NULL }, { 3, "Linus", 7, NULL },
    };
    static struct product products[] = { { 900, 250, 1 }, { 100, 1200, 2 }, { 500, 80, 1 } };
    static const struct warehouse wh[] = { { 1, "BER", 1 }, { 2, "LEJ", 0 } };
    static struct order orders[2] = {
        { 7001, 2, 1, { { 100, 1 }, { 500, 4 } }, 2, NULL, 0 },
        { 7002, 3, 2, { { 900, 0 } }, 1, NULL, 0 },
    };
    long shipped[] = { 7002, 7001 }, manifest[] = { 7001 };
    const struct customer *c;

    customers[0].next = &customers[1];
    customers[1].next = &customers[2];
    attach_customers_naive(orders, 2, customers);
    if (getenv("MATCH_NAIVE") != NULL)
        compute_weights_naive(orders, 2, products, 3);
    else
        compute_weights(orders, 2, products, 3);
    printf("closed: %zu/%zu, embargoed: %zu, empty lines: %zu\n",
           orders_for_closed_warehouses(orders, 2, wh, 2), orders_for_closed_warehouses_indexed(orders, 2, wh, 2),
           embargoed_orders(orders, 2), empty_lines(orders, 2));
    printf("missing: %zu (naive %zu)\n", missing_from_manifest(shipped, 2, manifest, 1), missing_from_manifest_naive(shipped, 2, manifest, 1));
    c = find_customer(customers, 3);
    printf("%s weighs in at %d g\n", c ? c->name : "?", orders[0].weight_g);
    return 0;
}
