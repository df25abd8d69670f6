// Host tool: builds a file system image (the layout of inc/fs.h), or
// refreshes files in one that programs have written to.
//
// usage: mkfs IMAGE NBLOCKS [NAME=HOSTFILE]...    a new image
//        mkfs -u IMAGE [NAME=HOSTFILE]...          update IMAGE in place
//
// Each NAME=HOSTFILE puts the host file HOSTFILE into the image as /NAME;
// a NAME with slashes (doc/intro) gets its directories made on the way.
// With -u, a /NAME that exists is replaced and everything else in the
// image is kept: `make qemu` keeps what its programs wrote while the
// programs themselves are brought up to date.
//
// Runs on the build machine, so it includes the kernel's header with the
// kernel's types spelled out for the host compiler.

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// inc/fs.h wants the kernel's inc/types.h and inc/mmu.h; the host has its
// own types, and its off_t is 64 bits where the disk's is 32.
#define JOS_INC_TYPES_H
#define JOS_INC_MMU_H
#define PGSIZE 4096
#define off_t int32_t
#include "inc/fs.h"
#undef off_t

_Static_assert(sizeof(struct File) == 256, "struct File must be 256 bytes");

#define MAXARGS	4096

static uint8_t *disk;		// the whole image, in memory
static uint32_t nblocks;
static uint32_t *bitmap;	// from block 2; a set bit is a free block
static uint32_t first_data;	// the first block after the bitmap
static uint32_t alloc_hint;
static struct Super *super;
static const char *image_name;
static struct File *added[MAXARGS];	// files given on this command line
static int nadded;

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mkfs: %s: ", image_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void *
block(uint32_t blockno)
{
	if (blockno >= nblocks)
		die("block %u past the end: a damaged image", blockno);
	return disk + (size_t) blockno * BLKSIZE;
}

static bool
is_free(uint32_t b)
{
	return bitmap[b / 32] & (1u << (b % 32));
}

static uint32_t
alloc_block(void)
{
	uint32_t i, b;

	for (i = 0; i < nblocks - first_data; i++) {
		b = first_data + (alloc_hint + i) % (nblocks - first_data);
		if (is_free(b)) {
			bitmap[b / 32] &= ~(1u << (b % 32));
			memset(block(b), 0, BLKSIZE);
			alloc_hint = b + 1 - first_data;
			return b;
		}
	}
	die("full: %u blocks are not enough", nblocks);
}

static void
free_block(uint32_t b)
{
	if (b < first_data || b >= nblocks || is_free(b))
		die("block %u freed but not in use: a damaged image", b);
	bitmap[b / 32] |= 1u << (b % 32);
}

// The block holding byte offset `off` of f, allocated if need be.
static void *
file_block(struct File *f, uint32_t off)
{
	uint32_t n = off / BLKSIZE, *ind;

	if (n < NDIRECT) {
		if (!f->f_direct[n])
			f->f_direct[n] = alloc_block();
		return block(f->f_direct[n]);
	}
	if (n >= NDIRECT + NINDIRECT)
		die("%s: larger than %u bytes", f->f_name, (unsigned) MAXFILESIZE);
	if (!f->f_indirect)
		f->f_indirect = alloc_block();
	ind = block(f->f_indirect);
	if (!ind[n - NDIRECT])
		ind[n - NDIRECT] = alloc_block();
	return block(ind[n - NDIRECT]);
}

// Gives back all of f's blocks: it is empty.
static void
file_empty(struct File *f)
{
	uint32_t i, *ind;

	for (i = 0; i < NDIRECT; i++)
		if (f->f_direct[i])
			free_block(f->f_direct[i]);
	if (f->f_indirect) {
		ind = block(f->f_indirect);
		for (i = 0; i < NINDIRECT; i++)
			if (ind[i])
				free_block(ind[i]);
		free_block(f->f_indirect);
	}
	memset(f->f_direct, 0, sizeof(f->f_direct));
	f->f_indirect = 0;
	f->f_size = 0;
}

// Appends len bytes to f.
static void
file_append(struct File *f, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t chunk;

	while (len > 0) {
		chunk = BLKSIZE - f->f_size % BLKSIZE;
		if (chunk > len)
			chunk = len;
		memcpy((uint8_t *) file_block(f, f->f_size) + f->f_size % BLKSIZE, p, chunk);
		f->f_size += chunk;
		p += chunk;
		len -= chunk;
	}
}

// The entry called name in directory dir: found, or made with type. A
// directory grows a whole block of empty entries at a time, as the file
// server expects (its size is a multiple of BLKSIZE).
static struct File *
dir_entry(struct File *dir, const char *name, int type)
{
	static const uint8_t zeros[BLKSIZE];
	struct File *f, *slot = NULL;
	uint32_t off;

	if (strlen(name) >= MAXNAMELEN)
		die("%s: name longer than %d bytes", name, MAXNAMELEN - 1);
	for (off = 0; off < (uint32_t) dir->f_size; off += sizeof(struct File)) {
		f = (struct File *) ((uint8_t *) file_block(dir, off) + off % BLKSIZE);
		if (!f->f_name[0]) {
			if (!slot)
				slot = f;
		} else if (strcmp(f->f_name, name) == 0) {
			if (f->f_type != (uint32_t) type)
				die("/%s is both a file and a directory", name);
			return f;
		}
	}
	if (!slot) {
		file_append(dir, zeros, BLKSIZE);
		slot = (struct File *) file_block(dir, off);
	}
	strcpy(slot->f_name, name);
	slot->f_type = type;
	return slot;
}

// Puts the host file `host` into the image as /name, replacing what was
// there.
static void
add_file(const char *name, const char *host)
{
	char path[MAXPATHLEN], *elem, *slash;
	struct File *dir = &super->s_root, *f;
	static uint8_t buf[1 << 16];
	size_t n;
	FILE *in;
	int i;

	if (strlen(name) >= sizeof(path))
		die("%s: path too long", name);
	strcpy(path, name);
	for (elem = path; (slash = strchr(elem, '/')); elem = slash + 1) {
		*slash = '\0';
		if (*elem)
			dir = dir_entry(dir, elem, FTYPE_DIR);
	}
	if (!*elem)
		die("%s: no file name", name);
	f = dir_entry(dir, elem, FTYPE_REG);
	for (i = 0; i < nadded; i++)
		if (added[i] == f)
			die("/%s given twice", name);
	if (nadded == MAXARGS)
		die("more than %d files", MAXARGS);
	added[nadded++] = f;
	file_empty(f);

	if (!(in = fopen(host, "rb")))
		die("%s: %s", host, strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		file_append(f, buf, n);
	if (ferror(in))
		die("%s: %s", host, strerror(errno));
	fclose(in);
}

// A new, empty file system of nblocks blocks.
static void
format(void)
{
	uint32_t b;

	if (!(disk = calloc(nblocks, BLKSIZE)))
		die("out of memory");
	bitmap = (uint32_t *) block(2);
	first_data = 2 + (nblocks + BLKBITSIZE - 1) / BLKBITSIZE;
	// Bits past the end of the disk stay clear: never free.
	for (b = first_data; b < nblocks; b++)
		bitmap[b / 32] |= 1u << (b % 32);

	super = block(1);
	super->s_magic = FS_MAGIC;
	super->s_nblocks = nblocks;
	strcpy(super->s_root.f_name, "/");
	super->s_root.f_type = FTYPE_DIR;
}

// Reads an existing image whole, refusing one that is not a file system.
static void
load(void)
{
	struct Super sb;
	FILE *in;
	long size;

	if (!(in = fopen(image_name, "rb")))
		die("%s", strerror(errno));
	if (fseek(in, 0, SEEK_END) != 0 || (size = ftell(in)) < 3 * BLKSIZE ||
	    fseek(in, BLKSIZE, SEEK_SET) != 0 || fread(&sb, sizeof(sb), 1, in) != 1)
		die("too small for a file system");
	if (sb.s_magic != FS_MAGIC || sb.s_nblocks < 3 || sb.s_nblocks > size / BLKSIZE ||
	    sb.s_root.f_type != FTYPE_DIR)
		die("no file system here (bad super block)");
	nblocks = sb.s_nblocks;
	if (!(disk = malloc((size_t) nblocks * BLKSIZE)))
		die("out of memory");
	if (fseek(in, 0, SEEK_SET) != 0 || fread(disk, BLKSIZE, nblocks, in) != nblocks)
		die("%s", strerror(errno));
	fclose(in);
	super = block(1);
	bitmap = (uint32_t *) block(2);
	first_data = 2 + (nblocks + BLKBITSIZE - 1) / BLKBITSIZE;
}

static uint32_t
count_used(void)
{
	uint32_t b, used = 0;

	for (b = 0; b < nblocks; b++)
		used += b < first_data || !is_free(b);
	return used;
}

int
main(int argc, char **argv)
{
	const char *mode = "wb";
	char *eq, *end;
	FILE *out;
	int i = 1;

	if (argc >= 3 && strcmp(argv[1], "-u") == 0) {
		image_name = argv[2];
		load();
		mode = "r+b";	// rewrite in place: the file keeps its size
		i = 3;
	} else if (argc >= 3 && argv[1][0] != '-') {
		image_name = argv[1];
		nblocks = strtoul(argv[2], &end, 0);
		if (*end || nblocks < 4 || nblocks > 0xC0000000u / BLKSIZE)
			die("bad block count %s", argv[2]);
		format();
		i = 3;
	} else {
		fprintf(stderr, "usage: mkfs IMAGE NBLOCKS [NAME=HOSTFILE]...\n"
				"       mkfs -u IMAGE [NAME=HOSTFILE]...\n");
		return 2;
	}

	for (; i < argc; i++) {
		if (!(eq = strchr(argv[i], '=')))
			die("%s: not NAME=HOSTFILE", argv[i]);
		*eq = '\0';
		add_file(argv[i], eq + 1);
	}

	if (!(out = fopen(image_name, mode)))
		die("%s", strerror(errno));
	if (fwrite(disk, BLKSIZE, nblocks, out) != nblocks || fclose(out) != 0)
		die("%s", strerror(errno));
	printf("mkfs: %s: %u blocks, %u used\n", image_name, nblocks, count_used());
	return 0;
}
