/*
 * undname_itanium.c: demangling of Itanium C++ ABI names ("_Z..."), the
 * names g++, clang and mingw-w64 give C++ functions and data.  Portable C11,
 * no windows.h.  The text matches binutils' c++filt (whose default is the
 * "verbose" form: std::string is shown as std::basic_string<...>).
 *
 * The parser builds a tree (nodes in a pool), keeping the ABI's
 * substitution table (S_, S0_, ...) and template parameter list (T_, ...);
 * the printer walks it, putting declarators where C++ wants them
 * ("void (*)(int)", "int (&) [10]").  Handled: nested and local names,
 * std:: abbreviations, templates and argument packs, operators and
 * conversions, constructors and destructors, lambdas and unnamed types, ABI
 * tags, cv and ref qualifiers, pointers, references, arrays, functions,
 * pointers to members, literals, vtables/typeinfo/thunks/guard variables,
 * and the ".cold"/".isra.0"-style clone suffixes.  Template argument
 * expressions (X...E) and decltype are not: such names are left alone.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "undname.h"
#include "undname_private.h"

enum it_kind
{
    IT_NAME,        /* s; base = the name a constructor of it takes */
    IT_NESTED,      /* a::b */
    IT_TEMPLATE,    /* a<list> */
    IT_QUAL,        /* a with quals */
    IT_POINTER,     /* a* */
    IT_LREF,        /* a& */
    IT_RREF,        /* a&& */
    IT_FUNC,        /* a (return, may be NULL) (list) quals ref */
    IT_ARRAY,       /* a [s] */
    IT_PTRMEM,      /* b a::* */
    IT_CTOR,        /* s (the class's base name) */
    IT_DTOR,        /* ~s */
    IT_CONV,        /* operator a */
    IT_SPECIAL,     /* s a: "vtable for A" */
    IT_CTOR_VTABLE, /* construction vtable for a-in-b */
    IT_LOCAL,       /* a::b, a an encoding */
    IT_ENCODING,    /* a name, b its function type or NULL */
    IT_LITERAL,     /* (a)s, or s alone when a is NULL */
    IT_ABI_TAG,     /* a[abi:s] */
    IT_LAMBDA,      /* {lambda(list)#s} */
    IT_UNNAMED,     /* {unnamed type#s} */
    IT_PACK,        /* an argument pack: list */
    IT_EXPANSION,   /* a... (a pack expansion, Dp) */
    IT_POSTFIX,     /* a s: vendor qualifier, __vector(N), _Complex */
    IT_CLONE,       /* a [clone s] */
};

/* Qualifier bits of IT_QUAL and IT_FUNC. */
#define IT_CONST    1
#define IT_VOLATILE 2
#define IT_RESTRICT 4

struct it_node
{
    int kind;                 /* enum it_kind */
    const char *s;            /* text, see enum it_kind */
    const char *base;         /* IT_NAME: base name for constructors */
    struct it_node *a, *b;    /* children, see enum it_kind */
    struct it_node **list;    /* IT_TEMPLATE args, IT_FUNC/IT_LAMBDA params, IT_PACK */
    unsigned n;               /* entries in list */
    unsigned quals;           /* IT_CONST... */
    int ref;                  /* IT_FUNC: 0, 1 for "&", 2 for "&&" */
};

/* What the parse of an encoding's name tells about its function type. */
struct it_state
{
    int ends_with_targs;  /* a template: the return type is mangled */
    int ctor_dtor_conv;   /* constructor, destructor, conversion: no return type */
    unsigned cv;          /* member function qualifiers (N K ... E) */
    int ref;
};

struct it_ctx
{
    const char *p;              /* cursor; the string is NUL-terminated */
    struct und_pool *pool;
    struct it_node **subs;      /* substitution candidates, in order */
    unsigned nsubs, subs_cap;
    struct it_node *tparams;    /* IT_PACK-like list for T_, T0_... */
    unsigned depth;
};

static struct it_node *it_type(struct it_ctx *ctx);
static struct it_node *it_name(struct it_ctx *ctx, struct it_state *state);
static struct it_node *it_encoding(struct it_ctx *ctx);

static struct it_node *it_new(struct it_ctx *ctx, int kind, const char *s, struct it_node *a, struct it_node *b)
{
    struct it_node *n = und_alloc(ctx->pool, sizeof(*n));

    if (!n) return NULL;
    n->kind = kind;
    n->s = s;
    n->base = s;
    n->a = a;
    n->b = b;
    return n;
}

static struct it_node *it_text(struct it_ctx *ctx, const char *s)
{
    return it_new(ctx, IT_NAME, s, NULL, NULL);
}

static int it_add_sub(struct it_ctx *ctx, struct it_node *n)
{
    if (!n) return 0;
    if (ctx->nsubs == ctx->subs_cap)
    {
        unsigned cap = ctx->subs_cap ? ctx->subs_cap * 2 : 32;
        struct it_node **subs = und_alloc(ctx->pool, cap * sizeof(*subs));

        if (!subs) return 0;
        if (ctx->nsubs) memcpy(subs, ctx->subs, ctx->nsubs * sizeof(*subs));
        ctx->subs = subs;
        ctx->subs_cap = cap;
    }
    ctx->subs[ctx->nsubs++] = n;
    return 1;
}

/* A list being built: pool arrays doubled on demand. */
struct it_list
{
    struct it_node **items;
    unsigned n, cap;
};

static int it_list_add(struct it_ctx *ctx, struct it_list *l, struct it_node *n)
{
    if (!n) return 0;
    if (l->n == l->cap)
    {
        unsigned cap = l->cap ? l->cap * 2 : 8;
        struct it_node **items = und_alloc(ctx->pool, cap * sizeof(*items));

        if (!items) return 0;
        if (l->n) memcpy(items, l->items, l->n * sizeof(*items));
        l->items = items;
        l->cap = cap;
    }
    l->items[l->n++] = n;
    return 1;
}

static int it_is_digit(char c) { return c >= '0' && c <= '9'; }
static int it_is_lower(char c) { return c >= 'a' && c <= 'z'; }

/* A decimal number; *neg for an 'n' prefix when allowed. */
static int it_number(struct it_ctx *ctx, int allow_neg, int *neg, uint64_t *value)
{
    *neg = 0;
    *value = 0;
    if (allow_neg && *ctx->p == 'n')
    {
        *neg = 1;
        ctx->p++;
    }
    if (!it_is_digit(*ctx->p)) return 0;
    while (it_is_digit(*ctx->p))
    {
        if (*value > (UINT64_MAX - 9) / 10) return 0;
        *value = *value * 10 + (uint64_t)(*ctx->p++ - '0');
    }
    return 1;
}

/* "_" is 0 and "<n>_" is n + 1: substitutions, template parameters,
 * closure and unnamed type numbers (base 36 for substitutions). */
static int it_seq_id(struct it_ctx *ctx, int base36, uint64_t *value)
{
    *value = 0;
    if (*ctx->p == '_')
    {
        ctx->p++;
        return 1;
    }
    for (;;)
    {
        char c = *ctx->p;
        unsigned d;

        if (it_is_digit(c)) d = (unsigned)(c - '0');
        else if (base36 && c >= 'A' && c <= 'Z') d = (unsigned)(c - 'A') + 10;
        else break;
        if (*value > UINT32_MAX) return 0;
        *value = *value * (base36 ? 36 : 10) + d;
        ctx->p++;
    }
    if (*ctx->p != '_') return 0;
    ctx->p++;
    *value += 1;
    return 1;
}

static const char *it_number_text(struct it_ctx *ctx, uint64_t v)
{
    char text[24];

    snprintf(text, sizeof(text), "%llu", (unsigned long long)v);
    return und_strndup(ctx->pool, text, strlen(text));
}

/* <source-name>: a length and that many characters. */
static struct it_node *it_source_name(struct it_ctx *ctx)
{
    uint64_t len, i;
    int neg;
    const char *start;

    if (!it_number(ctx, 0, &neg, &len) || !len) return NULL;
    start = ctx->p;
    for (i = 0; i < len; i++)
        if (!start[i]) return NULL;
    ctx->p += len;
    /* g++'s anonymous namespace: _GLOBAL_ then '.', '_' or '$', then N */
    if (len >= 10 && !strncmp(start, "_GLOBAL_", 8) &&
        (start[8] == '.' || start[8] == '_' || start[8] == '$') && start[9] == 'N')
        return it_text(ctx, "(anonymous namespace)");
    return it_text(ctx, und_strndup(ctx->pool, start, (size_t)len));
}

static const struct
{
    char code[3];
    const char *name;
} it_operators[] = {
    { "nw", "new" }, { "na", "new[]" }, { "dl", "delete" }, { "da", "delete[]" },
    { "ps", "+" }, { "ng", "-" }, { "ad", "&" }, { "de", "*" }, { "co", "~" },
    { "pl", "+" }, { "mi", "-" }, { "ml", "*" }, { "dv", "/" }, { "rm", "%" },
    { "an", "&" }, { "or", "|" }, { "eo", "^" }, { "aS", "=" }, { "pL", "+=" },
    { "mI", "-=" }, { "mL", "*=" }, { "dV", "/=" }, { "rM", "%=" }, { "aN", "&=" },
    { "oR", "|=" }, { "eO", "^=" }, { "ls", "<<" }, { "rs", ">>" }, { "lS", "<<=" },
    { "rS", ">>=" }, { "eq", "==" }, { "ne", "!=" }, { "lt", "<" }, { "gt", ">" },
    { "le", "<=" }, { "ge", ">=" }, { "ss", "<=>" }, { "nt", "!" }, { "aa", "&&" },
    { "oo", "||" }, { "pp", "++" }, { "mm", "--" }, { "cm", "," }, { "pm", "->*" },
    { "pt", "->" }, { "cl", "()" }, { "ix", "[]" }, { "qu", "?" }, { "aw", "co_await" },
};

/* A closure or unnamed type number: "_" is #1, "<n>_" is #n+2. */
static const char *it_closure_number(struct it_ctx *ctx)
{
    uint64_t v;

    if (!it_seq_id(ctx, 0, &v)) return NULL;
    return it_number_text(ctx, v + 1);
}

/* <unqualified-name>: source name, operator, lambda, unnamed type; then
 * ABI tags. */
static struct it_node *it_unqualified_name(struct it_ctx *ctx, struct it_state *state)
{
    struct it_node *n = NULL;
    unsigned i;

    if (it_is_digit(*ctx->p))
        n = it_source_name(ctx);
    else if (ctx->p[0] == 'U' && ctx->p[1] == 't')
    {
        const char *num;

        ctx->p += 2;
        if ((num = it_closure_number(ctx))) n = it_new(ctx, IT_UNNAMED, num, NULL, NULL);
    }
    else if (ctx->p[0] == 'U' && ctx->p[1] == 'l')
    {
        struct it_list params = { NULL, 0, 0 };
        const char *num;

        ctx->p += 2;
        while (*ctx->p != 'E')
            if (!*ctx->p || !it_list_add(ctx, &params, it_type(ctx))) return NULL;
        ctx->p++;
        if (params.n == 1 && params.items[0]->kind == IT_NAME && !strcmp(params.items[0]->s, "void"))
            params.n = 0;
        if (!(num = it_closure_number(ctx))) return NULL;
        if ((n = it_new(ctx, IT_LAMBDA, num, NULL, NULL)))
        {
            n->list = params.items;
            n->n = params.n;
        }
    }
    else if (ctx->p[0] == 'c' && ctx->p[1] == 'v')
    {
        struct it_node *t;

        ctx->p += 2;
        if ((t = it_type(ctx))) n = it_new(ctx, IT_CONV, NULL, t, NULL);
        if (state) state->ctor_dtor_conv = 1;
    }
    else if (ctx->p[0] == 'l' && ctx->p[1] == 'i')
    {
        struct it_node *id;

        ctx->p += 2;
        if ((id = it_source_name(ctx)))
            n = it_text(ctx, und_cat(ctx->pool, "operator\"\" ", id->s, (const char *)NULL));
    }
    else if (it_is_lower(ctx->p[0]) && ctx->p[1])
    {
        for (i = 0; i < sizeof(it_operators) / sizeof(it_operators[0]); i++)
        {
            if (strncmp(ctx->p, it_operators[i].code, 2)) continue;
            ctx->p += 2;
            n = it_text(ctx, und_cat(ctx->pool, "operator", it_is_lower(it_operators[i].name[0]) ? " " : "",
                                     it_operators[i].name, (const char *)NULL));
            break;
        }
    }
    /* ABI tags: B <source-name>, repeatable */
    while (n && *ctx->p == 'B')
    {
        struct it_node *tag;

        ctx->p++;
        if (!(tag = it_source_name(ctx))) return NULL;
        n = it_new(ctx, IT_ABI_TAG, tag->s, n, NULL);
        if (n) n->base = n->a->base;
    }
    return n;
}

/* The std:: abbreviations (c++filt's verbose form). */
static struct it_node *it_std_abbreviation(struct it_ctx *ctx, char c)
{
    static const struct
    {
        char code;
        const char *text;
        const char *base;
    } abbrevs[] = {
        { 'a', "std::allocator", "allocator" },
        { 'b', "std::basic_string", "basic_string" },
        { 's', "std::basic_string<char, std::char_traits<char>, std::allocator<char> >", "basic_string" },
        { 'i', "std::basic_istream<char, std::char_traits<char> >", "basic_istream" },
        { 'o', "std::basic_ostream<char, std::char_traits<char> >", "basic_ostream" },
        { 'd', "std::basic_iostream<char, std::char_traits<char> >", "basic_iostream" },
    };
    struct it_node *n;
    unsigned i;

    for (i = 0; i < sizeof(abbrevs) / sizeof(abbrevs[0]); i++)
    {
        if (abbrevs[i].code != c) continue;
        if ((n = it_text(ctx, abbrevs[i].text))) n->base = abbrevs[i].base;
        return n;
    }
    return NULL;
}

/* <substitution> at 'S' (not "St"). */
static struct it_node *it_substitution(struct it_ctx *ctx)
{
    uint64_t id;

    ctx->p++;
    if (it_is_lower(*ctx->p)) return it_std_abbreviation(ctx, *ctx->p++);
    if (!it_seq_id(ctx, 1, &id) || id >= ctx->nsubs) return NULL;
    return ctx->subs[id];
}

/* <template-param>: T_, T0_, ... resolved against the current list. */
static struct it_node *it_template_param(struct it_ctx *ctx)
{
    uint64_t id;

    ctx->p++;
    if (!it_seq_id(ctx, 0, &id) || !ctx->tparams || id >= ctx->tparams->n) return NULL;
    return ctx->tparams->list[id];
}

/* L <type> <value> E, L _Z <encoding> E. */
static struct it_node *it_literal(struct it_ctx *ctx)
{
    static const struct
    {
        char code;
        const char *suffix;
    } ints[] = {
        { 'i', "" }, { 'j', "u" }, { 'l', "l" }, { 'm', "ul" }, { 'x', "ll" }, { 'y', "ull" },
    };
    struct it_node *t, *n;
    const char *start, *value, *type_start;
    int neg = 0;
    unsigned i;
    char code;

    ctx->p++;
    if (ctx->p[0] == '_' && ctx->p[1] == 'Z')
    {
        ctx->p += 2;
        if (!(t = it_encoding(ctx)) || *ctx->p != 'E') return NULL;
        ctx->p++;
        return it_new(ctx, IT_LITERAL, NULL, t, NULL);
    }
    type_start = ctx->p;
    if (!(t = it_type(ctx))) return NULL;
    /* a one-letter builtin type: its own literal forms */
    code = ctx->p == type_start + 1 ? *type_start : 0;
    if (*ctx->p == 'n')
    {
        neg = 1;
        ctx->p++;
    }
    start = ctx->p;
    while (*ctx->p && *ctx->p != 'E') ctx->p++;
    if (!*ctx->p || ctx->p == start) return NULL;
    value = und_strndup(ctx->pool, start, (size_t)(ctx->p - start));
    ctx->p++;
    if (!value) return NULL;

    if (code == 'f' || code == 'd' || code == 'e')
        return it_new(ctx, IT_LITERAL, und_cat(ctx->pool, "[", neg ? "-" : "", value, "]", (const char *)NULL), t, NULL);
    if (code)
    {
        if (code == 'b' && !neg && (!strcmp(value, "0") || !strcmp(value, "1")))
            return it_new(ctx, IT_LITERAL, value[0] == '1' ? "true" : "false", NULL, NULL);
        for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
            if (ints[i].code == code)
                return it_new(ctx, IT_LITERAL, und_cat(ctx->pool, neg ? "-" : "", value, ints[i].suffix,
                                                        (const char *)NULL), NULL, NULL);
    }
    n = it_new(ctx, IT_LITERAL, und_cat(ctx->pool, neg ? "-" : "", value, (const char *)NULL), t, NULL);
    return n && n->s ? n : NULL;
}

/* I <template-arg>* E.  `tag`: these are the encoding's own arguments,
 * which T_ refers to. */
static struct it_node *it_template_args(struct it_ctx *ctx, int tag)
{
    struct it_list args = { NULL, 0, 0 };
    struct it_node *n, *arg;

    ctx->p++;
    while (*ctx->p != 'E')
    {
        if (!*ctx->p) return NULL;
        if (*ctx->p == 'L')
            arg = it_literal(ctx);
        else if (*ctx->p == 'J' || *ctx->p == 'I')
        {
            /* an argument pack ('I' is the form of g++ before 4.7) */
            struct it_list pack = { NULL, 0, 0 };

            ctx->p++;
            while (*ctx->p != 'E')
            {
                if (!*ctx->p) return NULL;
                if (!it_list_add(ctx, &pack, *ctx->p == 'L' ? it_literal(ctx) : it_type(ctx))) return NULL;
            }
            ctx->p++;
            if ((arg = it_new(ctx, IT_PACK, NULL, NULL, NULL)))
            {
                arg->list = pack.items;
                arg->n = pack.n;
            }
        }
        else if (ctx->p[0] == 'X' && ctx->p[1] == 'T')
        {
            /* the one expression handled: a template parameter */
            ctx->p++;
            if (!(arg = it_template_param(ctx)) || *ctx->p++ != 'E') return NULL;
        }
        else if (*ctx->p == 'X')
            return NULL; /* other expressions are not supported */
        else
            arg = it_type(ctx);
        if (!it_list_add(ctx, &args, arg)) return NULL;
    }
    ctx->p++;
    if (!(n = it_new(ctx, IT_PACK, NULL, NULL, NULL))) return NULL;
    n->list = args.items;
    n->n = args.n;
    if (tag) ctx->tparams = n;
    return n;
}

static struct it_node *it_with_args(struct it_ctx *ctx, struct it_node *name, struct it_node *args)
{
    struct it_node *n;

    if (!name || !args || !(n = it_new(ctx, IT_TEMPLATE, NULL, name, NULL))) return NULL;
    n->list = args->list;
    n->n = args->n;
    n->base = name->base;
    return n;
}

/* The name a constructor of `n` is called by. */
static const char *it_base_name(const struct it_node *n)
{
    switch (n->kind)
    {
    case IT_NESTED: return it_base_name(n->b);
    case IT_TEMPLATE: case IT_ABI_TAG: return it_base_name(n->a);
    case IT_NAME: return n->base;
    default: return NULL;
    }
}

/* N [quals] [ref] <prefix components> E; `tag` when this is an encoding's
 * name (its template arguments are the ones T_ refers to). */
static struct it_node *it_nested_name(struct it_ctx *ctx, struct it_state *state, int tag)
{
    struct it_node *so_far = NULL, *comp;
    int pushed = 0;   /* whether the last component entered the table */

    ctx->p++;
    for (;;)
    {
        if (*ctx->p == 'K') state->cv |= IT_CONST;
        else if (*ctx->p == 'V') state->cv |= IT_VOLATILE;
        else if (*ctx->p == 'r') state->cv |= IT_RESTRICT;
        else break;
        ctx->p++;
    }
    if (*ctx->p == 'R') { state->ref = 1; ctx->p++; }
    else if (*ctx->p == 'O') { state->ref = 2; ctx->p++; }
    if (ctx->p[0] == 'S' && ctx->p[1] == 't')
    {
        ctx->p += 2;
        if (!(so_far = it_text(ctx, "std"))) return NULL;
    }
    while (*ctx->p != 'E')
    {
        if (*ctx->p == 'L') ctx->p++;
        if (!*ctx->p) return NULL;
        if (*ctx->p == 'I')
        {
            if (!so_far || !(so_far = it_with_args(ctx, so_far, it_template_args(ctx, tag)))) return NULL;
            state->ends_with_targs = 1;
            if (!it_add_sub(ctx, so_far)) return NULL;
            pushed = 1;
            continue;
        }
        if (*ctx->p == 'S' && ctx->p[1] != 't')
        {
            /* a substitution (not entered again) */
            if (so_far || !(so_far = it_substitution(ctx))) return NULL;
            state->ends_with_targs = 0;
            pushed = 0;
            continue;
        }
        if (*ctx->p == 'T')
            comp = it_template_param(ctx);
        else if (*ctx->p == 'C' || (*ctx->p == 'D' && ctx->p[1] >= '0' && ctx->p[1] <= '5'))
        {
            const char *base;
            int dtor = *ctx->p == 'D';

            if (!so_far || !(base = it_base_name(so_far))) return NULL;
            ctx->p++;
            if (!dtor && *ctx->p == 'I')
            {
                /* inheriting constructor: CI1 <base class type> */
                ctx->p++;
                if (*ctx->p < '1' || *ctx->p > '5') return NULL;
                ctx->p++;
                if (!it_type(ctx)) return NULL;
            }
            else if (*ctx->p < '0' || *ctx->p > '5') return NULL;
            else ctx->p++;
            comp = it_new(ctx, dtor ? IT_DTOR : IT_CTOR, base, NULL, NULL);
            state->ctor_dtor_conv = 1;
            while (comp && *ctx->p == 'B')
            {
                struct it_node *tag;

                ctx->p++;
                if (!(tag = it_source_name(ctx))) return NULL;
                comp = it_new(ctx, IT_ABI_TAG, tag->s, comp, NULL);
            }
        }
        else
        {
            state->ctor_dtor_conv = 0;
            comp = it_unqualified_name(ctx, state);
        }
        if (!comp) return NULL;
        so_far = so_far ? it_new(ctx, IT_NESTED, NULL, so_far, comp) : comp;
        state->ends_with_targs = 0;
        if (!it_add_sub(ctx, so_far)) return NULL;
        pushed = 1;
    }
    ctx->p++;
    /* the complete name is no candidate here (a type adds it) */
    if (!so_far || !pushed) return NULL;
    ctx->nsubs--;
    return so_far;
}

/* Z <encoding> E <entity> [<discriminator>] */
static struct it_node *it_local_name(struct it_ctx *ctx, struct it_state *state)
{
    struct it_node *enc, *entity;
    uint64_t v;
    int neg;

    ctx->p++;
    if (!(enc = it_encoding(ctx)) || *ctx->p != 'E') return NULL;
    ctx->p++;
    if (*ctx->p == 's')
    {
        ctx->p++;
        entity = it_text(ctx, "string literal");
    }
    else
        entity = it_name(ctx, state);
    if (!entity) return NULL;
    if (*ctx->p == '_')
    {
        /* discriminator: _<digit> or __<number>_, not shown */
        ctx->p++;
        if (*ctx->p == '_')
        {
            ctx->p++;
            if (!it_number(ctx, 0, &neg, &v) || *ctx->p != '_') return NULL;
            ctx->p++;
        }
        else if (it_is_digit(*ctx->p)) ctx->p++;
        else return NULL;
    }
    return it_new(ctx, IT_LOCAL, NULL, enc, entity);
}

/* <name> */
static struct it_node *it_name(struct it_ctx *ctx, struct it_state *state)
{
    struct it_state unused = { 0, 0, 0, 0 };
    struct it_node *n;
    int is_sub = 0;

    if (++ctx->depth > UND_MAX_DEPTH) return NULL;
    if (*ctx->p == 'N') n = it_nested_name(ctx, state ? state : &unused, state != NULL);
    else if (*ctx->p == 'Z') n = it_local_name(ctx, state ? state : &unused);
    else
    {
        if (*ctx->p == 'L') ctx->p++;
        if (ctx->p[0] == 'S' && ctx->p[1] == 't')
        {
            struct it_node *std = it_text(ctx, "std");

            ctx->p += 2;
            n = it_unqualified_name(ctx, state);
            n = std && n ? it_new(ctx, IT_NESTED, NULL, std, n) : NULL;
        }
        else if (*ctx->p == 'S')
        {
            n = it_substitution(ctx);
            is_sub = 1;
        }
        else
            n = it_unqualified_name(ctx, state);
        if (n && *ctx->p == 'I')
        {
            if (!is_sub && !it_add_sub(ctx, n)) return NULL;
            n = it_with_args(ctx, n, it_template_args(ctx, state != NULL));
            if (state) state->ends_with_targs = 1;
        }
        else if (is_sub)
            n = NULL; /* a lone substitution is not a name */
    }
    ctx->depth--;
    return n;
}

/* F [Y] <return type> <parameters> [R|O] E */
static struct it_node *it_function_type(struct it_ctx *ctx)
{
    struct it_list params = { NULL, 0, 0 };
    struct it_node *ret, *f;
    int ref = 0;

    ctx->p++;
    if (*ctx->p == 'Y') ctx->p++;
    if (!(ret = it_type(ctx))) return NULL;
    for (;;)
    {
        if (*ctx->p == 'E') break;
        if ((ctx->p[0] == 'R' || ctx->p[0] == 'O') && ctx->p[1] == 'E')
        {
            ref = ctx->p[0] == 'R' ? 1 : 2;
            ctx->p++;
            break;
        }
        if (!*ctx->p || !it_list_add(ctx, &params, it_type(ctx))) return NULL;
    }
    ctx->p++;
    if (params.n == 1 && params.items[0]->kind == IT_NAME && !strcmp(params.items[0]->s, "void"))
        params.n = 0;
    if (!(f = it_new(ctx, IT_FUNC, NULL, ret, NULL))) return NULL;
    f->list = params.items;
    f->n = params.n;
    f->ref = ref;
    return f;
}

static const char *it_builtin(char c)
{
    switch (c)
    {
    case 'v': return "void";
    case 'w': return "wchar_t";
    case 'b': return "bool";
    case 'c': return "char";
    case 'a': return "signed char";
    case 'h': return "unsigned char";
    case 's': return "short";
    case 't': return "unsigned short";
    case 'i': return "int";
    case 'j': return "unsigned int";
    case 'l': return "long";
    case 'm': return "unsigned long";
    case 'x': return "long long";
    case 'y': return "unsigned long long";
    case 'n': return "__int128";
    case 'o': return "unsigned __int128";
    case 'f': return "float";
    case 'd': return "double";
    case 'e': return "long double";
    case 'g': return "__float128";
    case 'z': return "...";
    default: return NULL;
    }
}

/* <type>, entering the substitution table as the ABI says. */
static struct it_node *it_type(struct it_ctx *ctx)
{
    struct it_node *n = NULL, *t;
    const char *s;
    uint64_t v;
    int neg;
    char c = *ctx->p;

    if (++ctx->depth > UND_MAX_DEPTH) return NULL;
    if ((s = it_builtin(c)))
    {
        ctx->p++;
        ctx->depth--;
        return it_text(ctx, s);
    }
    switch (c)
    {
    case 'u':
        /* vendor extended type */
        ctx->p++;
        n = it_source_name(ctx);
        break;
    case 'D':
        c = ctx->p[1];
        s = c == 'n' ? "decltype(nullptr)" : c == 'a' ? "auto" : c == 'c' ? "decltype(auto)" :
            c == 'i' ? "char32_t" : c == 's' ? "char16_t" : c == 'u' ? "char8_t" :
            c == 'f' ? "decimal32" : c == 'd' ? "decimal64" : c == 'e' ? "decimal128" :
            c == 'h' ? "half" : NULL;
        if (s)
        {
            ctx->p += 2;
            ctx->depth--;
            return it_text(ctx, s);
        }
        if (c == 'F')
        {
            /* DF <bits> _: _Float<bits> */
            ctx->p += 2;
            if (!it_number(ctx, 0, &neg, &v) || *ctx->p != '_') break;
            ctx->p++;
            ctx->depth--;
            return it_text(ctx, und_cat(ctx->pool, "_Float", it_number_text(ctx, v), (const char *)NULL));
        }
        if (c == 'p')
        {
            ctx->p += 2;
            if ((t = it_type(ctx))) n = it_new(ctx, IT_EXPANSION, NULL, t, NULL);
        }
        else if (c == 'v')
        {
            /* Dv <number> _ <type>: a GNU vector */
            ctx->p += 2;
            if (!it_number(ctx, 0, &neg, &v) || *ctx->p != '_') break;
            ctx->p++;
            if ((t = it_type(ctx)))
                n = it_new(ctx, IT_POSTFIX, und_cat(ctx->pool, " __vector(", it_number_text(ctx, v), ")",
                                                     (const char *)NULL), t, NULL);
        }
        break;
    case 'K': case 'V': case 'r':
    {
        unsigned quals = 0;

        for (;;)
        {
            if (*ctx->p == 'K') quals |= IT_CONST;
            else if (*ctx->p == 'V') quals |= IT_VOLATILE;
            else if (*ctx->p == 'r') quals |= IT_RESTRICT;
            else break;
            ctx->p++;
        }
        if (!(t = it_type(ctx))) break;
        if (t->kind == IT_FUNC)
        {
            /* a qualified function type keeps its qualifiers after ")" */
            if ((n = it_new(ctx, IT_FUNC, NULL, t->a, NULL)))
            {
                *n = *t;
                n->quals |= quals;
            }
        }
        else if ((n = it_new(ctx, IT_QUAL, NULL, t, NULL)))
            n->quals = quals;
        break;
    }
    case 'P': case 'R': case 'O':
        ctx->p++;
        if ((t = it_type(ctx))) n = it_new(ctx, c == 'P' ? IT_POINTER : c == 'R' ? IT_LREF : IT_RREF, NULL, t, NULL);
        break;
    case 'C': case 'G':
        ctx->p++;
        if ((t = it_type(ctx)))
            n = it_new(ctx, IT_POSTFIX, c == 'C' ? " _Complex" : " _Imaginary", t, NULL);
        break;
    case 'U':
    {
        /* vendor qualifier: U <source-name> <type> */
        struct it_node *q;

        ctx->p++;
        if ((q = it_source_name(ctx)) && (t = it_type(ctx)))
            n = it_new(ctx, IT_POSTFIX, und_cat(ctx->pool, " ", q->s, (const char *)NULL), t, NULL);
        break;
    }
    case 'F':
        n = it_function_type(ctx);
        break;
    case 'A':
    {
        const char *dim = "";

        ctx->p++;
        if (it_is_digit(*ctx->p))
        {
            if (!it_number(ctx, 0, &neg, &v) || !(dim = it_number_text(ctx, v))) break;
        }
        else if (*ctx->p != '_') break; /* expression dimensions are not supported */
        if (*ctx->p++ != '_') break;
        if ((t = it_type(ctx))) n = it_new(ctx, IT_ARRAY, dim, t, NULL);
        break;
    }
    case 'M':
    {
        struct it_node *cls;

        ctx->p++;
        if ((cls = it_type(ctx)) && (t = it_type(ctx))) n = it_new(ctx, IT_PTRMEM, NULL, cls, t);
        break;
    }
    case 'T':
        if (!(n = it_template_param(ctx))) break;
        if (*ctx->p == 'I')
        {
            if (!it_add_sub(ctx, n)) return NULL;
            n = it_with_args(ctx, n, it_template_args(ctx, 0));
        }
        break;
    case 'S':
        if (ctx->p[1] == 't')
        {
            n = it_name(ctx, NULL);
            break;
        }
        if (!(n = it_substitution(ctx))) break;
        if (*ctx->p != 'I')
        {
            ctx->depth--;
            return n; /* not entered again */
        }
        n = it_with_args(ctx, n, it_template_args(ctx, 0));
        break;
    case 'N': case 'Z':
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
        n = it_name(ctx, NULL);
        break;
    default:
        break;
    }
    ctx->depth--;
    if (!n || !it_add_sub(ctx, n)) return NULL;
    return n;
}

/* Call offsets of thunks: h <number> _ or v <number> _ <number> _. */
static int it_call_offset(struct it_ctx *ctx)
{
    uint64_t v;
    int neg;
    char c = *ctx->p++;

    if (c != 'h' && c != 'v') return 0;
    if (!it_number(ctx, 1, &neg, &v) || *ctx->p++ != '_') return 0;
    if (c == 'v' && (!it_number(ctx, 1, &neg, &v) || *ctx->p++ != '_')) return 0;
    return 1;
}

/* <special-name>: vtables, typeinfo, thunks, guard variables. */
static struct it_node *it_special_name(struct it_ctx *ctx)
{
    struct it_node *a, *b;
    const char *prefix = NULL;
    uint64_t v;
    int neg;

    if (ctx->p[0] == 'G' && ctx->p[1] == 'V')
    {
        ctx->p += 2;
        a = it_name(ctx, NULL);
        return a ? it_new(ctx, IT_SPECIAL, "guard variable for ", a, NULL) : NULL;
    }
    if (ctx->p[0] == 'G' && ctx->p[1] == 'T' && (ctx->p[2] == 't' || ctx->p[2] == 'n'))
    {
        prefix = ctx->p[2] == 't' ? "transaction clone for " : "non-transaction clone for ";
        ctx->p += 3;
        a = it_encoding(ctx);
        return a ? it_new(ctx, IT_SPECIAL, prefix, a, NULL) : NULL;
    }
    if (ctx->p[0] != 'T') return NULL;
    ctx->p++;
    switch (*ctx->p++)
    {
    case 'V': prefix = "vtable for "; break;
    case 'T': prefix = "VTT for "; break;
    case 'I': prefix = "typeinfo for "; break;
    case 'S': prefix = "typeinfo name for "; break;
    case 'W':
        a = it_name(ctx, NULL);
        return a ? it_new(ctx, IT_SPECIAL, "TLS wrapper function for ", a, NULL) : NULL;
    case 'H':
        a = it_name(ctx, NULL);
        return a ? it_new(ctx, IT_SPECIAL, "TLS init function for ", a, NULL) : NULL;
    case 'h':
        ctx->p--;
        if (!it_call_offset(ctx) || !(a = it_encoding(ctx))) return NULL;
        return it_new(ctx, IT_SPECIAL, "non-virtual thunk to ", a, NULL);
    case 'v':
        ctx->p--;
        if (!it_call_offset(ctx) || !(a = it_encoding(ctx))) return NULL;
        return it_new(ctx, IT_SPECIAL, "virtual thunk to ", a, NULL);
    case 'c':
        if (!it_call_offset(ctx) || !it_call_offset(ctx) || !(a = it_encoding(ctx))) return NULL;
        return it_new(ctx, IT_SPECIAL, "covariant return thunk to ", a, NULL);
    case 'C':
        /* TC <derived type> <offset> _ <base type> */
        if (!(a = it_type(ctx)) || !it_number(ctx, 1, &neg, &v) || *ctx->p++ != '_' || !(b = it_type(ctx)))
            return NULL;
        return it_new(ctx, IT_CTOR_VTABLE, NULL, b, a);
    default:
        return NULL;
    }
    a = it_type(ctx);
    return a ? it_new(ctx, IT_SPECIAL, prefix, a, NULL) : NULL;
}

/* <encoding>: a name and, for functions, its parameter types. */
static struct it_node *it_encoding(struct it_ctx *ctx)
{
    struct it_state state = { 0, 0, 0, 0 };
    struct it_list params = { NULL, 0, 0 };
    struct it_node *name, *ret = NULL, *f, *n;

    if (++ctx->depth > UND_MAX_DEPTH) return NULL;
    if (*ctx->p == 'T' || (ctx->p[0] == 'G' && (ctx->p[1] == 'V' || ctx->p[1] == 'T')))
    {
        n = it_special_name(ctx);
        ctx->depth--;
        return n;
    }
    if (!(name = it_name(ctx, &state))) return NULL;
    if (!*ctx->p || *ctx->p == 'E' || *ctx->p == '.')
    {
        ctx->depth--;
        return it_new(ctx, IT_ENCODING, NULL, name, NULL);
    }
    if (state.ends_with_targs && !state.ctor_dtor_conv && !(ret = it_type(ctx))) return NULL;
    while (*ctx->p && *ctx->p != 'E' && *ctx->p != '.')
        if (!it_list_add(ctx, &params, it_type(ctx))) return NULL;
    if (!params.n) return NULL;
    if (params.n == 1 && params.items[0]->kind == IT_NAME && !strcmp(params.items[0]->s, "void"))
        params.n = 0;
    if (!(f = it_new(ctx, IT_FUNC, NULL, ret, NULL))) return NULL;
    f->list = params.items;
    f->n = params.n;
    f->quals = state.cv;
    f->ref = state.ref;
    ctx->depth--;
    return it_new(ctx, IT_ENCODING, NULL, name, f);
}

/* ---- printing ----------------------------------------------------------- */

struct it_printer
{
    struct und_buf buf;
    int pack_index;     /* element of IT_PACK to print inside an expansion, or -1 */
    unsigned depth;
    int name_only;      /* the top-level encoding without its function type */
    int top;            /* the next encoding is the top-level one: only it
                         * shows a return type, as in c++filt */
};

static void it_print(struct it_printer *pr, const struct it_node *n);
static void it_left(struct it_printer *pr, const struct it_node *n);
static void it_right(struct it_printer *pr, const struct it_node *n);

static int it_has_array(const struct it_node *n)
{
    return n->kind == IT_ARRAY || (n->kind == IT_QUAL && it_has_array(n->a));
}

static int it_has_function(const struct it_node *n)
{
    return n->kind == IT_FUNC || (n->kind == IT_QUAL && it_has_function(n->a));
}

static int it_has_rhs(const struct it_node *n, unsigned depth)
{
    if (depth > UND_MAX_DEPTH) return 0;
    switch (n->kind)
    {
    case IT_FUNC: case IT_ARRAY: return 1;
    case IT_POINTER: case IT_LREF: case IT_RREF: case IT_QUAL: case IT_POSTFIX:
        return it_has_rhs(n->a, depth + 1);
    case IT_PTRMEM: return it_has_rhs(n->b, depth + 1);
    default: return 0;
    }
}

static void it_print_quals(struct it_printer *pr, unsigned quals)
{
    if (quals & IT_CONST) und_buf_add(&pr->buf, " const");
    if (quals & IT_VOLATILE) und_buf_add(&pr->buf, " volatile");
    if (quals & IT_RESTRICT) und_buf_add(&pr->buf, " restrict");
}

/* Elements separated by ", "; an element printing nothing (an empty pack)
 * takes its separator away. */
static void it_print_list(struct it_printer *pr, struct it_node *const *list, unsigned n)
{
    unsigned i, printed = 0;

    for (i = 0; i < n && !pr->buf.failed; i++)
    {
        size_t mark = pr->buf.len, after_sep;

        if (printed) und_buf_add(&pr->buf, ", ");
        after_sep = pr->buf.len;
        it_print(pr, list[i]);
        if (pr->buf.len == after_sep)
        {
            pr->buf.len = mark;
            if (pr->buf.data) pr->buf.data[mark] = 0;
            continue;
        }
        printed++;
    }
}

static void it_print_params(struct it_printer *pr, const struct it_node *f)
{
    und_buf_addc(&pr->buf, '(');
    it_print_list(pr, f->list, f->n);
    und_buf_addc(&pr->buf, ')');
}

static void it_print_func_tail(struct it_printer *pr, const struct it_node *f)
{
    it_print_quals(pr, f->quals);
    if (f->ref == 1) und_buf_add(&pr->buf, " &");
    else if (f->ref == 2) und_buf_add(&pr->buf, " &&");
}

/* The first IT_PACK under n (the pack an expansion walks).  *budget bounds
 * the walk: substitutions make the tree a DAG that can be exponentially
 * larger than the name. */
static const struct it_node *it_find_pack(const struct it_node *n, unsigned depth, unsigned *budget)
{
    const struct it_node *p;
    unsigned i;

    if (!n || depth > UND_MAX_DEPTH || !*budget) return NULL;
    --*budget;
    if (n->kind == IT_PACK) return n;
    if (n->kind == IT_EXPANSION) return NULL;
    if ((p = it_find_pack(n->a, depth + 1, budget)) || (p = it_find_pack(n->b, depth + 1, budget))) return p;
    for (i = 0; i < n->n; i++)
        if ((p = it_find_pack(n->list[i], depth + 1, budget))) return p;
    return NULL;
}

/* A reference to a reference (through a pack element) collapses: & wins
 * over &&.  Returns what the reference finally refers to. */
static const struct it_node *it_collapse(const struct it_printer *pr, const struct it_node *n, int *kind)
{
    unsigned steps = 0;

    *kind = n->kind;
    n = n->a;
    for (;;)
    {
        if (n->kind == IT_PACK && pr->pack_index >= 0 && (unsigned)pr->pack_index < n->n)
            n = n->list[pr->pack_index];
        else if ((n->kind == IT_LREF || n->kind == IT_RREF) && ++steps < UND_MAX_DEPTH)
        {
            if (n->kind == IT_LREF) *kind = IT_LREF;
            n = n->a;
        }
        else
            return n;
    }
}

/* Before the '*', '&' or "C::*" of a declarator whose pointee is `n`. */
static void it_open_declarator(struct it_printer *pr, const struct it_node *n, int member)
{
    char last = und_buf_last(&pr->buf);

    if (it_has_array(n)) und_buf_add(&pr->buf, " (");
    else if (it_has_function(n))
    {
        if (last != '(' && last != '*' && last != ' ') und_buf_addc(&pr->buf, ' ');
        und_buf_addc(&pr->buf, '(');
    }
    else if (member) und_buf_addc(&pr->buf, ' ');
}

static void it_left(struct it_printer *pr, const struct it_node *n)
{
    struct und_buf *b = &pr->buf;

    if (b->failed) return;
    if (++pr->depth > UND_MAX_DEPTH * 4)
    {
        b->failed = 1;
        return;
    }
    switch (n->kind)
    {
    case IT_NAME:
        und_buf_add(b, n->s);
        break;
    case IT_NESTED: case IT_LOCAL:
        it_print(pr, n->a);
        und_buf_add(b, "::");
        it_print(pr, n->b);
        break;
    case IT_TEMPLATE:
        it_print(pr, n->a);
        if (und_buf_last(b) == '<') und_buf_addc(b, ' ');
        und_buf_addc(b, '<');
        it_print_list(pr, n->list, n->n);
        if (und_buf_last(b) == '>') und_buf_addc(b, ' ');
        und_buf_addc(b, '>');
        break;
    case IT_QUAL:
        it_left(pr, n->a);
        it_print_quals(pr, n->quals);
        break;
    case IT_POINTER:
        it_left(pr, n->a);
        it_open_declarator(pr, n->a, 0);
        und_buf_addc(b, '*');
        break;
    case IT_LREF: case IT_RREF:
    {
        int kind;
        const struct it_node *to = it_collapse(pr, n, &kind);

        it_left(pr, to);
        it_open_declarator(pr, to, 0);
        und_buf_add(b, kind == IT_LREF ? "&" : "&&");
        break;
    }
    case IT_FUNC:
        /* "void (int)", "void* (*)(int)"; but a return type with its own
         * declarator takes ours inside: "int (*(*)())()" */
        if (n->a) it_left(pr, n->a);
        if (!n->a || !it_has_rhs(n->a, 0)) und_buf_addc(b, ' ');
        break;
    case IT_ARRAY: case IT_POSTFIX:
        it_left(pr, n->a);
        if (n->kind == IT_POSTFIX) und_buf_add(b, n->s);
        break;
    case IT_PTRMEM:
        it_left(pr, n->b);
        it_open_declarator(pr, n->b, 1);
        it_print(pr, n->a);
        und_buf_add(b, "::*");
        break;
    case IT_CTOR:
        und_buf_add(b, n->s);
        break;
    case IT_DTOR:
        und_buf_addc(b, '~');
        und_buf_add(b, n->s);
        break;
    case IT_CONV:
        und_buf_add(b, "operator ");
        it_print(pr, n->a);
        break;
    case IT_SPECIAL:
        und_buf_add(b, n->s);
        it_print(pr, n->a);
        break;
    case IT_CTOR_VTABLE:
        und_buf_add(b, "construction vtable for ");
        it_print(pr, n->a);
        und_buf_add(b, "-in-");
        it_print(pr, n->b);
        break;
    case IT_ENCODING:
    {
        const struct it_node *f = n->b, *ret = f && pr->top ? f->a : NULL;
        int name_only = pr->name_only;

        pr->name_only = pr->top = 0; /* only the outermost encoding */
        if (!f || name_only)
        {
            it_print(pr, n->a);
            break;
        }
        if (ret)
        {
            it_left(pr, ret);
            if (!it_has_rhs(ret, 0)) und_buf_addc(b, ' ');
        }
        it_print(pr, n->a);
        it_print_params(pr, f);
        if (ret) it_right(pr, ret);
        it_print_func_tail(pr, f);
        break;
    }
    case IT_LITERAL:
        if (n->a && !n->s)
            it_print(pr, n->a);
        else
        {
            if (n->a)
            {
                und_buf_addc(b, '(');
                it_print(pr, n->a);
                und_buf_addc(b, ')');
            }
            und_buf_add(b, n->s);
        }
        break;
    case IT_ABI_TAG:
        it_print(pr, n->a);
        und_buf_add(b, "[abi:");
        und_buf_add(b, n->s);
        und_buf_addc(b, ']');
        break;
    case IT_LAMBDA:
        und_buf_add(b, "{lambda(");
        it_print_list(pr, n->list, n->n);
        und_buf_add(b, ")#");
        und_buf_add(b, n->s);
        und_buf_addc(b, '}');
        break;
    case IT_UNNAMED:
        und_buf_add(b, "{unnamed type#");
        und_buf_add(b, n->s);
        und_buf_addc(b, '}');
        break;
    case IT_PACK:
        if (pr->pack_index >= 0 && (unsigned)pr->pack_index < n->n)
            it_print(pr, n->list[pr->pack_index]);
        else if (pr->pack_index < 0)
            it_print_list(pr, n->list, n->n);
        break;
    case IT_EXPANSION:
    {
        unsigned budget = 10000;
        const struct it_node *pack = it_find_pack(n->a, 0, &budget);
        int saved = pr->pack_index;
        unsigned i;

        if (!pack)
        {
            b->failed = 1; /* c++filt's "(int)..." form is not reproduced */
            break;
        }
        for (i = 0; i < pack->n && !b->failed; i++)
        {
            if (i) und_buf_add(b, ", ");
            pr->pack_index = (int)i;
            it_print(pr, n->a);
        }
        pr->pack_index = saved;
        break;
    }
    case IT_CLONE:
        it_print(pr, n->a);
        und_buf_add(b, " [clone ");
        und_buf_add(b, n->s);
        und_buf_addc(b, ']');
        break;
    }
    pr->depth--;
}

static void it_right(struct it_printer *pr, const struct it_node *n)
{
    struct und_buf *b = &pr->buf;

    if (b->failed) return;
    if (++pr->depth > UND_MAX_DEPTH * 4)
    {
        b->failed = 1;
        return;
    }
    switch (n->kind)
    {
    case IT_POINTER:
        if (it_has_array(n->a) || it_has_function(n->a)) und_buf_addc(b, ')');
        it_right(pr, n->a);
        break;
    case IT_LREF: case IT_RREF:
    {
        int kind;
        const struct it_node *to = it_collapse(pr, n, &kind);

        if (it_has_array(to) || it_has_function(to)) und_buf_addc(b, ')');
        it_right(pr, to);
        break;
    }
    case IT_PTRMEM:
        if (it_has_array(n->b) || it_has_function(n->b)) und_buf_addc(b, ')');
        it_right(pr, n->b);
        break;
    case IT_QUAL: case IT_POSTFIX:
        it_right(pr, n->a);
        break;
    case IT_FUNC:
        it_print_params(pr, n);
        if (n->a) it_right(pr, n->a);
        it_print_func_tail(pr, n);
        break;
    case IT_ARRAY:
        if (und_buf_last(b) != ']') und_buf_addc(b, ' ');
        und_buf_addc(b, '[');
        und_buf_add(b, n->s);
        und_buf_addc(b, ']');
        it_right(pr, n->a);
        break;
    default:
        break;
    }
    pr->depth--;
}

static void it_print(struct it_printer *pr, const struct it_node *n)
{
    it_left(pr, n);
    it_right(pr, n);
}

/* ".cold", ".isra.0", ".constprop.0": GCC's clones, as c++filt shows them. */
static struct it_node *it_clone_suffixes(struct it_ctx *ctx, struct it_node *n)
{
    while (n && ctx->p[0] == '.' &&
           (it_is_lower(ctx->p[1]) || it_is_digit(ctx->p[1]) || ctx->p[1] == '_'))
    {
        const char *start = ctx->p;

        ctx->p += 2;
        while (it_is_lower(*ctx->p) || it_is_digit(*ctx->p) || *ctx->p == '_') ctx->p++;
        while (ctx->p[0] == '.' && it_is_digit(ctx->p[1]))
        {
            ctx->p += 2;
            while (it_is_digit(*ctx->p)) ctx->p++;
        }
        n = it_new(ctx, IT_CLONE, und_strndup(ctx->pool, start, (size_t)(ctx->p - start)), n, NULL);
        if (n && !n->s) n = NULL;
    }
    return n;
}

char *und_itanium(const char *mangled, unsigned flags)
{
    struct und_pool pool;
    struct it_ctx ctx;
    struct it_printer pr;
    struct it_node *n, *base;
    char *res = NULL;

    if (strncmp(mangled, "_Z", 2)) return NULL;
    und_pool_init(&pool);
    memset(&ctx, 0, sizeof(ctx));
    ctx.p = mangled + 2;
    ctx.pool = &pool;
    base = n = it_encoding(&ctx);
    n = it_clone_suffixes(&ctx, n);
    /* like c++filt -p: no parameters, no return type, no clone suffix */
    if (n && (flags & UNDNAME_NAME_ONLY)) n = base;
    if (n && !*ctx.p)
    {
        memset(&pr, 0, sizeof(pr));
        pr.pack_index = -1;
        pr.top = base->kind == IT_ENCODING;
        pr.name_only = n->kind == IT_ENCODING && (flags & UNDNAME_NAME_ONLY);
        it_print(&pr, n);
        if (!pr.buf.failed && pr.buf.len) res = pr.buf.data;
        else free(pr.buf.data);
    }
    und_pool_free(&pool);
    return res;
}
