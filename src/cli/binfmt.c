/* `xlift --binfmt ACTION [GUEST...] [--flags FLAGS] [--prefix NAME]`.
 * Entries are named PREFIX-GUEST (xlift-riscv64), so that they are found
 * again, and the xlift running the command is their interpreter. */
#include "cli/binfmt.h"
#include "cli/binfmt_entry.h"
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_PREFIX "xlift"
/* Preserve argv[0], open the binary, its credentials, fix the interpreter. */
#define DEFAULT_FLAGS "POCF"
#define FLAG_LETTERS "POCF"

struct binfmt_request {
	const char *action;
	const char *flags;
	const char *prefix;
	const struct guest_arch *guests[16];
	size_t n_guests;
};

/* Which entries match a guest's programs. The kernel tries the newest
 * entry first, and its directory lists the newest first too. */
struct match_scan {
	const struct guest_arch *arch;
	const char *own_name;
	char first[NAME_MAX + 1];       /* the enabled entry the kernel uses */
	int others;                     /* matching entries not xlift's */
	int report;                     /* status: a line for each on stdout */
};

static int fail(const char *fmt, const char *arg)
{
	fputs("xlift: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return 1;
}

static const char usage_text[] =
	"usage: xlift --binfmt register [GUEST...] [--flags FLAGS] [--prefix NAME]\n"
	"       xlift --binfmt unregister [GUEST...] [--prefix NAME]\n"
	"       xlift --binfmt status [GUEST...] [--prefix NAME]\n"
	"GUEST: riscv64, x86_64 or all (the default: every guest but this machine's\n"
	"own architecture). FLAGS: letters of " FLAG_LETTERS " (default " DEFAULT_FLAGS
	"; '' for none).\n"
	"Entries are named NAME-GUEST (default " DEFAULT_PREFIX "-GUEST).\n";

static const struct guest_arch *guest_by_name(const char *name)
{
	const struct guest_arch *arch;

	for (size_t i = 0; (arch = guest_nth(i)); i++)
		if (strcmp(arch->name, name) == 0)
			return arch;
	return NULL;
}

static int add_guest(struct binfmt_request *req, const char *name)
{
	const struct guest_arch *arch;

	if (strcmp(name, XLIFT_HOST_ARCH) == 0)
		return fail("%s is this machine's own architecture: its programs run "
			    "natively and are never registered", name);
	arch = guest_by_name(name);
	if (!arch)
		return fail("'%s' is not a guest this xlift runs (see xlift --binfmt help)", name);
	if (req->n_guests < sizeof req->guests / sizeof req->guests[0])
		req->guests[req->n_guests++] = arch;
	return 0;
}

static void add_all_guests(struct binfmt_request *req)
{
	const struct guest_arch *arch;

	for (size_t i = 0; (arch = guest_nth(i)); i++)
		if (strcmp(arch->name, XLIFT_HOST_ARCH) != 0)
			add_guest(req, arch->name);
}

static int check_flags(const char *flags)
{
	for (const char *f = flags; *f; f++)
		if (!strchr(FLAG_LETTERS, *f) || strchr(f + 1, *f))
			return fail("bad binfmt_misc flags '%s' (letters of " FLAG_LETTERS
				    ", each at most once)", flags);
	return 0;
}

/* "--name VALUE" or "--name=VALUE" at argv[*i]; NULL when not that option. */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
	size_t len = strlen(name);

	if (strncmp(argv[*i], name, len) != 0)
		return NULL;
	if (argv[*i][len] == '=')
		return argv[*i] + len + 1;
	if (argv[*i][len] || *i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

static int parse_request(int argc, char **argv, struct binfmt_request *req)
{
	int all = 0;

	*req = (struct binfmt_request){ .action = argv[0], .flags = DEFAULT_FLAGS,
					.prefix = DEFAULT_PREFIX };
	for (int i = 1; i < argc; i++) {
		const char *v;

		if ((v = option_value(argc, argv, &i, "--flags")))
			req->flags = v;
		else if ((v = option_value(argc, argv, &i, "--prefix")))
			req->prefix = v;
		else if (argv[i][0] == '-')
			return fail("bad --binfmt option '%s' (see xlift --binfmt help)", argv[i]);
		else if (strcmp(argv[i], "all") == 0)
			all = 1;
		else if (add_guest(req, argv[i]))
			return 1;
	}
	if (all || !req->n_guests) {
		req->n_guests = 0;
		add_all_guests(req);
	}
	if (!req->n_guests)
		return fail("%s: no guest architecture to register on this machine", "--binfmt");
	return check_flags(req->flags);
}

static void entry_name(const struct binfmt_request *req, const struct guest_arch *arch,
		       char name[NAME_MAX + 1])
{
	snprintf(name, NAME_MAX + 1, "%s-%s", req->prefix, arch->name);
}

static void note_match(const struct xl_binfmt_entry *e, void *data)
{
	struct match_scan *m = data;

	if (!xl_binfmt_matches(e, m->arch))
		return;
	if (e->enabled && !m->first[0])
		snprintf(m->first, sizeof m->first, "%s", e->name);
	if (strcmp(e->name, m->own_name) == 0)
		return;
	m->others++;
	if (m->report)
		printf("%s: also matched by %s (%s, interpreter %s)\n", m->arch->name,
		       e->name, e->enabled ? "enabled" : "disabled", e->interpreter);
	else
		fprintf(stderr, "xlift: note: %s (interpreter %s) also matches %s programs\n",
			e->name, e->interpreter, m->arch->name);
}

static void scan_matches(struct match_scan *m, const struct guest_arch *arch,
			 const char *own_name, int report)
{
	*m = (struct match_scan){ .arch = arch, .own_name = own_name, .report = report };
	xl_binfmt_each(note_match, m);
}

/* How to make own_name the entry in use again. */
static void explain_override(FILE *out, const char *prefix, const char *own_name)
{
	fprintf(out, "%sentries registered later are tried first; to keep %s first, "
		"run `xlift --binfmt register` after the others are registered, or "
		"disable them (`update-binfmts --disable NAME` where binfmt-support "
		"manages them, or `echo 0 > " XL_BINFMT_DIR "/NAME`)\n", prefix, own_name);
}

static int open_binfmt_misc(int mount_it)
{
	int err = xl_binfmt_open(mount_it);

	if (err)
		return fail("binfmt_misc is not available at " XL_BINFMT_DIR ": %s",
			    strerror(-err));
	return 0;
}

static int register_guest(const struct binfmt_request *req, const struct guest_arch *arch,
			  const char *interpreter)
{
	struct match_scan m;
	char name[NAME_MAX + 1];
	int err;

	entry_name(req, arch, name);
	/* Replacing the entry makes it the newest, which the kernel tries first. */
	err = xl_binfmt_remove(name);
	if (!err || err == -ENOENT)
		err = xl_binfmt_add(name, arch, interpreter, req->flags);
	if (err) {
		fprintf(stderr, "xlift: cannot register %s: %s%s\n", name, strerror(-err),
			err == -EACCES || err == -EPERM ? " (root is needed)" : "");
		return 1;
	}
	printf("%s: %s runs %s programs (flags %s)\n", name, interpreter, arch->name,
	       *req->flags ? req->flags : "none");
	scan_matches(&m, arch, name, 0);
	if (m.others)
		explain_override(stderr, "xlift: note: ", name);
	return 0;
}

static int register_guests(const struct binfmt_request *req)
{
	char *self = realpath("/proc/self/exe", NULL);
	int status = 0;

	if (!self)
		return fail("cannot find xlift's own executable: %s", strerror(errno));
	if (open_binfmt_misc(1))
		return 1;
	if (!xl_binfmt_enabled())
		fprintf(stderr, "xlift: warning: binfmt_misc is disabled as a whole "
			"(echo 1 > " XL_BINFMT_DIR "/status enables it)\n");
	for (size_t i = 0; i < req->n_guests; i++)
		status |= register_guest(req, req->guests[i], self);
	free(self);
	return status;
}

static int unregister_guests(const struct binfmt_request *req)
{
	char name[NAME_MAX + 1];
	int status = 0, err;

	if (xl_binfmt_open(0))
		return 0; /* nothing registered */
	for (size_t i = 0; i < req->n_guests; i++) {
		entry_name(req, req->guests[i], name);
		err = xl_binfmt_remove(name);
		if (err == -ENOENT) {
			printf("%s: not registered\n", name);
		} else if (err) {
			fprintf(stderr, "xlift: cannot remove %s: %s\n", name, strerror(-err));
			status = 1;
		} else {
			printf("%s: removed\n", name);
		}
	}
	return status;
}

/* One guest's lines of `status`; 0 when xlift's entry is the one in use. */
static int guest_status(const struct binfmt_request *req, const struct guest_arch *arch)
{
	struct xl_binfmt_entry e;
	struct match_scan m;
	char name[NAME_MAX + 1];

	entry_name(req, arch, name);
	if (xl_binfmt_read(name, &e) == 0)
		printf("%s: %s %s, interpreter %s, flags %s\n", arch->name, name,
		       e.enabled ? "enabled" : "disabled", e.interpreter,
		       *e.flags ? e.flags : "none");
	else
		printf("%s: %s not registered\n", arch->name, name);
	scan_matches(&m, arch, name, 1);
	if (!m.first[0]) {
		printf("%s: no enabled entry: its programs fail with 'Exec format error'\n",
		       arch->name);
		return 1;
	}
	printf("%s: programs run through %s\n", arch->name, m.first);
	if (strcmp(m.first, name) == 0)
		return 0;
	explain_override(stdout, "", name);
	return 1;
}

static int show_status(const struct binfmt_request *req)
{
	int status = 0;

	if (xl_binfmt_open(0)) {
		printf("binfmt_misc: not mounted at " XL_BINFMT_DIR "\n");
		return 1;
	}
	printf("binfmt_misc: %s\n", xl_binfmt_enabled() ? "enabled" : "disabled");
	for (size_t i = 0; i < req->n_guests; i++)
		status |= guest_status(req, req->guests[i]);
	printf("%s: this machine's own architecture, runs natively\n", XLIFT_HOST_ARCH);
	return status || !xl_binfmt_enabled();
}

int xl_binfmt_is_command(int argc, char **argv)
{
	return argc > 1 && strcmp(argv[1], "--binfmt") == 0;
}

int xl_binfmt_command(int argc, char **argv)
{
	struct binfmt_request req;

	argc -= 2;
	argv += 2;
	if (argc < 1)
		return fail("%s needs an action: register, unregister or status "
			    "(see xlift --binfmt help)", "--binfmt");
	if (strcmp(argv[0], "help") == 0 || strcmp(argv[0], "--help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (parse_request(argc, argv, &req))
		return 1;
	if (strcmp(req.action, "register") == 0)
		return register_guests(&req);
	if (strcmp(req.action, "unregister") == 0)
		return unregister_guests(&req);
	if (strcmp(req.action, "status") == 0)
		return show_status(&req);
	return fail("unknown --binfmt action '%s' (register, unregister or status)", req.action);
}
