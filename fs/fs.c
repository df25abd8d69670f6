// The file system proper: the super block and free-block bitmap, files as
// lists of blocks (direct and one indirect), directories as files of
// struct File, and paths. Every block is reached through the block cache.

#include "fs.h"

struct Super *super;
uint32_t *bitmap;
static uint32_t nbitmap;	// bitmap blocks, from block 2
static uint32_t alloc_hint;	// the bitmap word where the last search ended

// --------------------------------------------------------------------------
// Super block and bitmap

static uint32_t
first_data_block(void)
{
	return 2 + nbitmap;
}

bool
block_is_free(uint32_t blockno)
{
	if (!super || blockno >= super->s_nblocks)
		return false;
	return (bitmap[blockno / 32] & (1 << (blockno % 32))) != 0;
}

static void
mark_free(uint32_t blockno, bool is_free)
{
	if (is_free)
		bitmap[blockno / 32] |= 1 << (blockno % 32);
	else
		bitmap[blockno / 32] &= ~(1 << (blockno % 32));
}

// A freed block goes back to the bitmap, which reaches the disk with the
// next file_flush or sync.
void
free_block(uint32_t blockno)
{
	if (blockno < first_data_block() || blockno >= super->s_nblocks)
		panic("free_block: %u is not a data block", blockno);
	if (block_is_free(blockno))
		panic("free_block: block %u freed twice", blockno);
	mark_free(blockno, true);
	bc_drop_block(blockno);
}

// Finds a free block, marks it used, and maps it zeroed in the cache.
// Returns its number, or -E_NO_DISK when the disk is full.
int
alloc_block(void)
{
	uint32_t nwords = (super->s_nblocks + 31) / 32, w, i, b;
	int r;

	for (i = 0; i < nwords; i++) {
		w = (alloc_hint + i) % nwords;
		if (bitmap[w] == 0)
			continue;
		b = w * 32 + __builtin_ctz(bitmap[w]);
		if (b < first_data_block() || b >= super->s_nblocks)
			continue;	// never free; a stray bit from a bad image
		mark_free(b, false);
		if ((r = bc_fresh_block(b)) < 0) {
			mark_free(b, true);
			return r;
		}
		alloc_hint = w;
		return b;
	}
	return -E_NO_DISK;
}

static void
flush_bitmap(void)
{
	flush_blocks(2, nbitmap);
}

// Checks the super block against the disk; prints why when it is bad.
static int
check_super(struct Super *sb, uint32_t disk_blocks)
{
	if (sb->s_magic != FS_MAGIC) {
		cprintf("fs: no file system on disk 1 (magic %08x, want %08x)\n",
			sb->s_magic, FS_MAGIC);
		return -E_INVAL;
	}
	if (sb->s_nblocks < 3 || sb->s_nblocks > disk_blocks ||
	    sb->s_nblocks > DISKSIZE / BLKSIZE) {
		cprintf("fs: bad super block: %u blocks on a disk of %u\n",
			sb->s_nblocks, disk_blocks);
		return -E_INVAL;
	}
	if (sb->s_root.f_type != FTYPE_DIR) {
		cprintf("fs: bad super block: the root is not a directory\n");
		return -E_INVAL;
	}
	cprintf("superblock is good\n");
	return 0;
}

static int
check_bitmap(void)
{
	uint32_t b;

	for (b = 0; b < first_data_block(); b++)
		if (block_is_free(b)) {
			cprintf("fs: bad bitmap: block %u (%s) is marked free\n",
				b, b < 2 ? "boot or super block" : "bitmap");
			return -E_INVAL;
		}
	cprintf("bitmap is good\n");
	return 0;
}

// Sets up the file system on a disk of disk_blocks blocks. Returns 0, or
// -E_INVAL after a line saying what is wrong with the image.
int
fs_init(uint32_t disk_blocks)
{
	int r;

	if (disk_blocks < 2) {
		cprintf("fs: disk 1 is too small for a file system\n");
		return -E_INVAL;
	}
	bc_init();
	// The super block is checked before it is trusted: once super is
	// set, diskaddr checks block numbers against it.
	if ((r = check_super(diskaddr(1), disk_blocks)) < 0)
		return r;
	super = diskaddr(1);
	nbitmap = (super->s_nblocks + BLKBITSIZE - 1) / BLKBITSIZE;
	bitmap = diskaddr(2);
	if ((r = check_bitmap()) < 0) {
		super = NULL;
		return r;
	}
	return 0;
}

// --------------------------------------------------------------------------
// Files

// A block number read from a file or its indirect block: must be a used
// data block, or the image is damaged.
static int
check_file_block(struct File *f, uint32_t blockno)
{
	if (blockno >= first_data_block() && blockno < super->s_nblocks &&
	    !block_is_free(blockno))
		return 0;
	cprintf("fs: damaged file system: '%s' names block %u, which is %s\n",
		f->f_name, blockno, blockno < super->s_nblocks ? "not in use" : "past the end");
	return -E_INVAL;
}

// Finds the slot holding the disk block number of f's block filebno,
// allocating the indirect block when alloc is set. Returns 0, -E_NOT_FOUND
// (no indirect block and !alloc), -E_NO_DISK or -E_INVAL (past
// MAXFILESIZE, or a damaged indirect pointer).
static int
file_block_walk(struct File *f, uint32_t filebno, uint32_t **ppdiskbno, bool alloc)
{
	int r;

	if (filebno < NDIRECT) {
		*ppdiskbno = &f->f_direct[filebno];
		return 0;
	}
	filebno -= NDIRECT;
	if (filebno >= NINDIRECT)
		return -E_INVAL;
	if (!f->f_indirect) {
		if (!alloc)
			return -E_NOT_FOUND;
		if ((r = alloc_block()) < 0)
			return r;
		f->f_indirect = r;
	} else if ((r = check_file_block(f, f->f_indirect)) < 0)
		return r;
	*ppdiskbno = (uint32_t *) diskaddr(f->f_indirect) + filebno;
	return 0;
}

// The block filebno of f, allocated if missing, in *blk.
int
file_get_block(struct File *f, uint32_t filebno, char **blk)
{
	uint32_t *pdiskbno;
	int r;

	if ((r = file_block_walk(f, filebno, &pdiskbno, true)) < 0)
		return r;
	if (*pdiskbno == 0) {
		if ((r = alloc_block()) < 0)
			return r;
		*pdiskbno = r;
	} else if ((r = check_file_block(f, *pdiskbno)) < 0)
		return r;
	*blk = diskaddr(*pdiskbno);
	return 0;
}

// Like file_get_block, but a hole is not filled: *blk = NULL.
static int
file_find_block(struct File *f, uint32_t filebno, char **blk)
{
	uint32_t *pdiskbno;
	int r;

	*blk = NULL;
	if ((r = file_block_walk(f, filebno, &pdiskbno, false)) == -E_NOT_FOUND)
		return 0;
	if (r < 0)
		return r;
	if (*pdiskbno == 0)
		return 0;
	if ((r = check_file_block(f, *pdiskbno)) < 0)
		return r;
	*blk = diskaddr(*pdiskbno);
	return 0;
}

// Reads up to count bytes from offset; returns the number read (0 at or
// past the end) or -E_*.
ssize_t
file_read(struct File *f, void *buf, size_t count, off_t offset)
{
	size_t done, n;
	char *blk;
	int r;

	if (offset < 0)
		return -E_INVAL;
	if (offset >= f->f_size)
		return 0;
	count = MIN(count, (size_t) (f->f_size - offset));
	for (done = 0; done < count; done += n, offset += n) {
		n = MIN(count - done, BLKSIZE - offset % BLKSIZE);
		if ((r = file_find_block(f, offset / BLKSIZE, &blk)) < 0)
			return done ? done : r;
		if (blk)
			memmove((char *) buf + done, blk + offset % BLKSIZE, n);
		else
			memset((char *) buf + done, 0, n);
	}
	return done;
}

// Writes count bytes at offset, growing the file. Stops early when the
// disk fills up: returns the bytes written, or -E_* if none were.
ssize_t
file_write(struct File *f, const void *buf, size_t count, off_t offset)
{
	size_t done, n;
	char *blk;
	int r = 0;

	if (offset < 0 || offset >= MAXFILESIZE)
		return -E_INVAL;
	count = MIN(count, (size_t) (MAXFILESIZE - offset));
	for (done = 0; done < count; done += n, offset += n) {
		n = MIN(count - done, BLKSIZE - offset % BLKSIZE);
		if ((r = file_get_block(f, offset / BLKSIZE, &blk)) < 0)
			break;
		memmove(blk + offset % BLKSIZE, (const char *) buf + done, n);
		if (offset + n > f->f_size)
			f->f_size = offset + n;
	}
	return done ? done : r;
}

static void
file_free_block(struct File *f, uint32_t filebno)
{
	char *blk;

	if (file_find_block(f, filebno, &blk) < 0 || !blk)
		return;
	free_block(blockof(blk));
	if (filebno < NDIRECT)
		f->f_direct[filebno] = 0;
	else
		((uint32_t *) diskaddr(f->f_indirect))[filebno - NDIRECT] = 0;
}

// Frees f's blocks past newsize and zeroes the rest of its new last
// block: bytes past the end of a file always read as zero when it grows.
static void
file_truncate_blocks(struct File *f, off_t newsize)
{
	uint32_t bno, old_nblocks, new_nblocks;
	char *blk;

	old_nblocks = ROUNDUP(f->f_size, BLKSIZE) / BLKSIZE;
	new_nblocks = ROUNDUP(newsize, BLKSIZE) / BLKSIZE;
	for (bno = new_nblocks; bno < old_nblocks; bno++)
		file_free_block(f, bno);
	if (new_nblocks <= NDIRECT && f->f_indirect) {
		if (check_file_block(f, f->f_indirect) == 0)
			free_block(f->f_indirect);
		f->f_indirect = 0;
	}
	if (newsize % BLKSIZE && file_find_block(f, newsize / BLKSIZE, &blk) == 0 && blk)
		memset(blk + newsize % BLKSIZE, 0, BLKSIZE - newsize % BLKSIZE);
}

int
file_set_size(struct File *f, off_t newsize)
{
	if (newsize < 0 || newsize > MAXFILESIZE)
		return -E_INVAL;
	if (f->f_size > newsize)
		file_truncate_blocks(f, newsize);
	f->f_size = newsize;
	flush_block(f);
	flush_bitmap();
	return 0;
}

// Writes f's dirty blocks, its indirect block, its struct File and the
// bitmap to disk.
void
file_flush(struct File *f)
{
	uint32_t bno, nblocks = ROUNDUP(f->f_size, BLKSIZE) / BLKSIZE;
	uint32_t start = 0, len = 0, b;
	char *blk;

	// Blocks allocated one after another are neighbours on disk too:
	// each run of them goes in one disk command.
	for (bno = 0; bno <= nblocks; bno++) {
		blk = NULL;
		if (bno < nblocks && file_find_block(f, bno, &blk) == 0 && blk &&
		    len > 0 && (b = blockof(blk)) == start + len) {
			len++;
			continue;
		}
		if (len)
			flush_blocks(start, len);
		start = blk ? blockof(blk) : 0;
		len = blk ? 1 : 0;
	}
	flush_block(f);
	if (f->f_indirect && check_file_block(f, f->f_indirect) == 0)
		flush_block(diskaddr(f->f_indirect));
	flush_bitmap();
}

// --------------------------------------------------------------------------
// Directories and paths

// Finds the entry called name in dir.
static int
dir_lookup(struct File *dir, const char *name, struct File **file)
{
	uint32_t bno, nblocks = dir->f_size / BLKSIZE, i;
	struct File *f;
	char *blk;
	int r;

	for (bno = 0; bno < nblocks; bno++) {
		if ((r = file_find_block(dir, bno, &blk)) < 0)
			return r;
		if (!blk)
			continue;
		f = (struct File *) blk;
		for (i = 0; i < BLKFILES; i++)
			if (f[i].f_name[0] && strcmp(f[i].f_name, name) == 0) {
				*file = &f[i];
				return 0;
			}
	}
	return -E_NOT_FOUND;
}

// A free entry in dir, which grows by a block when it has none.
static int
dir_alloc_file(struct File *dir, struct File **file)
{
	uint32_t bno, nblocks = dir->f_size / BLKSIZE, i;
	struct File *f;
	char *blk;
	int r;

	for (bno = 0; bno < nblocks; bno++) {
		if ((r = file_get_block(dir, bno, &blk)) < 0)
			return r;
		f = (struct File *) blk;
		for (i = 0; i < BLKFILES; i++)
			if (f[i].f_name[0] == '\0') {
				*file = &f[i];
				return 0;
			}
	}
	if ((r = file_get_block(dir, nblocks, &blk)) < 0)
		return r;
	dir->f_size += BLKSIZE;
	*file = (struct File *) blk;
	return 0;
}

static bool
dir_is_empty(struct File *dir)
{
	uint32_t bno, nblocks = dir->f_size / BLKSIZE, i;
	struct File *f;
	char *blk;

	for (bno = 0; bno < nblocks; bno++) {
		if (file_find_block(dir, bno, &blk) < 0)
			return false;
		if (!blk)
			continue;
		f = (struct File *) blk;
		for (i = 0; i < BLKFILES; i++)
			if (f[i].f_name[0])
				return false;
	}
	return true;
}

static const char *
skip_slash(const char *p)
{
	while (*p == '/')
		p++;
	return p;
}

// Looks path up from the root ("/a/b", "a//b/" and "a/b" are the same).
// On success *pf is the file and *pdir its directory (NULL for the root).
// When only the last element is missing, the result is -E_NOT_FOUND with
// *pdir set to the directory it would go in and its name in lastelem.
// A component too long, or one that is not a directory yet has more path
// after it, is -E_BAD_PATH.
static int
walk_path(const char *path, struct File **pdir, struct File **pf, char *lastelem)
{
	char name[MAXNAMELEN];
	struct File *dir = NULL, *f = &super->s_root;
	const char *p;
	int r;

	*pdir = NULL;
	*pf = NULL;
	path = skip_slash(path);
	while (*path) {
		if (f->f_type != FTYPE_DIR)
			return -E_BAD_PATH;
		dir = f;
		for (p = path; *path && *path != '/'; path++)
			;
		if (path - p >= MAXNAMELEN)
			return -E_BAD_PATH;
		memmove(name, p, path - p);
		name[path - p] = '\0';
		path = skip_slash(path);
		if ((r = dir_lookup(dir, name, &f)) < 0) {
			if (r == -E_NOT_FOUND && *path == '\0') {
				*pdir = dir;
				if (lastelem)
					strcpy(lastelem, name);
			}
			return r;
		}
	}
	*pdir = dir;
	*pf = f;
	return 0;
}

// Creates path as a file of the given type (FTYPE_*).
int
file_create(const char *path, int type, struct File **pf)
{
	char name[MAXNAMELEN];
	struct File *dir, *f;
	int r;

	if ((r = walk_path(path, &dir, &f, name)) == 0) {
		*pf = f;
		return -E_FILE_EXISTS;
	}
	if (r != -E_NOT_FOUND || !dir)
		return r;
	if ((r = dir_alloc_file(dir, &f)) < 0)
		return r;
	memset(f, 0, sizeof(*f));
	strcpy(f->f_name, name);
	f->f_type = type;
	*pf = f;
	file_flush(dir);
	return 0;
}

int
file_open(const char *path, struct File **pf)
{
	struct File *dir;

	return walk_path(path, &dir, pf, NULL);
}

// Removes path: a file, or an empty directory (-E_INVAL if not empty, or
// the root). *removed is the entry it was, now free.
int
file_remove(const char *path, struct File **removed)
{
	struct File *dir, *f;
	int r;

	if ((r = walk_path(path, &dir, &f, NULL)) < 0)
		return r;
	if (!dir || (f->f_type == FTYPE_DIR && !dir_is_empty(f)))
		return -E_INVAL;
	file_truncate_blocks(f, 0);
	memset(f, 0, sizeof(*f));
	flush_block(f);
	flush_bitmap();
	*removed = f;
	return 0;
}

// Writes every dirty cached block to disk.
void
fs_sync(void)
{
	flush_blocks(1, super->s_nblocks - 1);
}
