// Host tool: builds a file system image (the layout of inc/fs.h).
//
// usage: mkfs IMAGE NBLOCKS [NAME=HOSTFILE]...
//
// Each NAME=HOSTFILE puts the host file HOSTFILE into the image as /NAME;
// a NAME with slashes (doc/intro) gets its directories made on the way.
// Runs on the build machine, so it includes the kernel's header with the
// kernel's types spelled out for the host compiler.

#include <errno.h>
#include <stdarg.h>
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

static uint8_t *disk;		// the whole image, in memory
static uint32_t nblocks;
static uint32_t nbitmap;	// bitmap blocks
static uint32_t next_block;	// blocks are handed out in order
static struct Super *super;
static const char *image_name;

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
	return disk + (size_t) blockno * BLKSIZE;
}

static uint32_t
alloc_block(void)
{
	uint32_t *bitmap = block(2);
	uint32_t b = next_block++;

	if (b >= nblocks)
		die("full: %u blocks are not enough", nblocks);
	bitmap[b / 32] &= ~(1u << (b % 32));
	return b;
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

// Adds the host file `host` as the image's /name.
static void
add_file(const char *name, const char *host)
{
	char path[MAXPATHLEN], *elem, *slash;
	struct File *dir = &super->s_root, *f;
	static uint8_t buf[1 << 16];
	size_t n;
	FILE *in;

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
	if (f->f_size)
		die("/%s given twice", name);

	if (!(in = fopen(host, "rb")))
		die("%s: %s", host, strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		file_append(f, buf, n);
	if (ferror(in))
		die("%s: %s", host, strerror(errno));
	fclose(in);
}

int
main(int argc, char **argv)
{
	char *eq, *end;
	FILE *out;
	int i;

	if (argc < 3) {
		fprintf(stderr, "usage: mkfs IMAGE NBLOCKS [NAME=HOSTFILE]...\n");
		return 2;
	}
	image_name = argv[1];
	nblocks = strtoul(argv[2], &end, 0);
	if (*end || nblocks < 4 || nblocks > 0xC0000000u / BLKSIZE)
		die("bad block count %s", argv[2]);

	if (!(disk = calloc(nblocks, BLKSIZE)))
		die("out of memory");
	// Every block free, then blocks 0 (boot), 1 (super) and the bitmap
	// taken. Bits past the end of the disk stay clear: never free.
	nbitmap = (nblocks + BLKBITSIZE - 1) / BLKBITSIZE;
	for (i = 0; i < (int) nblocks; i++)
		((uint32_t *) block(2))[i / 32] |= 1u << (i % 32);
	next_block = 0;
	for (i = 0; i < 2 + (int) nbitmap; i++)
		alloc_block();

	super = block(1);
	super->s_magic = FS_MAGIC;
	super->s_nblocks = nblocks;
	strcpy(super->s_root.f_name, "/");
	super->s_root.f_type = FTYPE_DIR;

	for (i = 3; i < argc; i++) {
		if (!(eq = strchr(argv[i], '=')))
			die("%s: not NAME=HOSTFILE", argv[i]);
		*eq = '\0';
		add_file(argv[i], eq + 1);
	}

	if (!(out = fopen(image_name, "wb")))
		die("%s", strerror(errno));
	if (fwrite(disk, BLKSIZE, nblocks, out) != nblocks || fclose(out) != 0)
		die("%s", strerror(errno));
	printf("mkfs: %s: %u blocks, %u used\n", image_name, nblocks, next_block);
	return 0;
}
