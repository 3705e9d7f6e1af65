/* The three-byte opcode maps 0f 38 (SSSE3, SSE4, AES, SHA, movbe, crc32)
 * and 0f 3a (the same families with an immediate byte). */
#include "guest/x86_64/opcode.h"

#define SSE66(m) ONLY66(I2(m, Vx, Wx))
#define SSE66_IB(m) ONLY66(I3(m, Vx, Wx, Ib))
#define PMOVX(m, src) ONLY66(I2(m, Vx, src))

const struct x86_form x86_map_0f38[256] = {
	[0x00] = MMX_SSE(PSHUFB), [0x01] = MMX_SSE(PHADDW), [0x02] = MMX_SSE(PHADDD),
	[0x03] = MMX_SSE(PHADDSW), [0x04] = MMX_SSE(PMADDUBSW), [0x05] = MMX_SSE(PHSUBW),
	[0x06] = MMX_SSE(PHSUBD), [0x07] = MMX_SSE(PHSUBSW), [0x08] = MMX_SSE(PSIGNB),
	[0x09] = MMX_SSE(PSIGNW), [0x0a] = MMX_SSE(PSIGND), [0x0b] = MMX_SSE(PMULHRSW),
	[0x10] = ONLY66(I3(PBLENDVB, Vx, Wx, XMM0)),
	[0x14] = ONLY66(I3(BLENDVPS, Vx, Wx, XMM0)),
	[0x15] = ONLY66(I3(BLENDVPD, Vx, Wx, XMM0)),
	[0x17] = SSE66(PTEST),
	[0x1c] = MMX_SSE(PABSB), [0x1d] = MMX_SSE(PABSW), [0x1e] = MMX_SSE(PABSD),
	[0x20] = PMOVX(PMOVSXBW, Wq), [0x21] = PMOVX(PMOVSXBD, Wd),
	[0x22] = PMOVX(PMOVSXBQ, Ww), [0x23] = PMOVX(PMOVSXWD, Wq),
	[0x24] = PMOVX(PMOVSXWQ, Wd), [0x25] = PMOVX(PMOVSXDQ, Wq),
	[0x28] = SSE66(PMULDQ), [0x29] = SSE66(PCMPEQQ),
	[0x2a] = ONLY66(I2(MOVNTDQA, Vx, Mx)), [0x2b] = SSE66(PACKUSDW),
	[0x30] = PMOVX(PMOVZXBW, Wq), [0x31] = PMOVX(PMOVZXBD, Wd),
	[0x32] = PMOVX(PMOVZXBQ, Ww), [0x33] = PMOVX(PMOVZXWD, Wq),
	[0x34] = PMOVX(PMOVZXWQ, Wd), [0x35] = PMOVX(PMOVZXDQ, Wq),
	[0x37] = SSE66(PCMPGTQ),
	[0x38] = SSE66(PMINSB), [0x39] = SSE66(PMINSD), [0x3a] = SSE66(PMINUW),
	[0x3b] = SSE66(PMINUD), [0x3c] = SSE66(PMAXSB), [0x3d] = SSE66(PMAXSD),
	[0x3e] = SSE66(PMAXUW), [0x3f] = SSE66(PMAXUD),
	[0x40] = SSE66(PMULLD), [0x41] = SSE66(PHMINPOSUW),
	[0x80] = ONLY66(I2(INVEPT, Gy, Mx)), [0x81] = ONLY66(I2(INVVPID, Gy, Mx)),
	[0x82] = ONLY66(I2(INVPCID, Gy, Mx)),
	[0xc8] = PFX(I2(SHA1NEXTE, Vx, Wx), BAD, BAD, BAD),
	[0xc9] = PFX(I2(SHA1MSG1, Vx, Wx), BAD, BAD, BAD),
	[0xca] = PFX(I2(SHA1MSG2, Vx, Wx), BAD, BAD, BAD),
	[0xcb] = PFX(I3(SHA256RNDS2, Vx, Wx, XMM0), BAD, BAD, BAD),
	[0xcc] = PFX(I2(SHA256MSG1, Vx, Wx), BAD, BAD, BAD),
	[0xcd] = PFX(I2(SHA256MSG2, Vx, Wx), BAD, BAD, BAD),
	[0xcf] = SSE66(GF2P8MULB),
	[0xdb] = SSE66(AESIMC), [0xdc] = SSE66(AESENC), [0xdd] = SSE66(AESENCLAST),
	[0xde] = SSE66(AESDEC), [0xdf] = SSE66(AESDECLAST),
	/* movbe, or crc32 with f2 (66 f2: crc32 of a word) */
	[0xf0] = PFXO(I2(MOVBE, Gv, Mv), BAD, I2(CRC32, Gy, Eb)),
	[0xf1] = PFXO(I2(MOVBE, Mv, Gv), BAD, I2(CRC32, Gy, Ev)),
	/* RAO-INT atomics */
	[0xfc] = PFX(I2(AADD, My, Gy), I2(AAND, My, Gy), I2(AXOR, My, Gy), I2(AOR, My, Gy)),
	[0xf5] = PFX(BAD, I2(WRUSS, My, Gy), BAD, BAD),
	[0xf6] = PFX(I2(WRSS, My, Gy), I2(ADCX, Gy, Ey), I2(ADOX, Gy, Ey), BAD),
	[0xf8] = PFX(BAD, I2(MOVDIR64B, Gv, M), I2(ENQCMDS, Gv, M), I2(ENQCMD, Gv, M)),
	[0xf9] = PFX(I2(MOVDIRI, My, Gy), BAD, BAD, BAD),
};

const struct x86_form x86_map_0f3a[256] = {
	[0x08] = SSE66_IB(ROUNDPS), [0x09] = SSE66_IB(ROUNDPD),
	[0x0a] = ONLY66(I3(ROUNDSS, Vx, Wd, Ib)), [0x0b] = ONLY66(I3(ROUNDSD, Vx, Wq, Ib)),
	[0x0c] = SSE66_IB(BLENDPS), [0x0d] = SSE66_IB(BLENDPD), [0x0e] = SSE66_IB(PBLENDW),
	[0x0f] = PFX(I3(PALIGNR, Pq, Qq, Ib), I3(PALIGNR, Vx, Wx, Ib), BAD, BAD),
	[0x14] = ONLY66(I3(PEXTRB, Eb, Vx, Ib)),
	[0x15] = ONLY66(I3(PEXTRW, Ew, Vx, Ib)),
	[0x16] = ONLY66(BY_W(I3(PEXTRD, Ed, Vx, Ib), I3(PEXTRQ, Eq, Vx, Ib))),
	[0x17] = ONLY66(I3(EXTRACTPS, Ed, Vx, Ib)),
	[0x20] = ONLY66(I3(PINSRB, Vx, Eb, Ib)),
	[0x21] = ONLY66(I3(INSERTPS, Vx, Wd, Ib)),
	[0x22] = ONLY66(BY_W(I3(PINSRD, Vx, Ed, Ib), I3(PINSRQ, Vx, Eq, Ib))),
	[0x40] = SSE66_IB(DPPS), [0x41] = SSE66_IB(DPPD), [0x42] = SSE66_IB(MPSADBW),
	[0x44] = SSE66_IB(PCLMULQDQ),
	[0x60] = SSE66_IB(PCMPESTRM), [0x61] = SSE66_IB(PCMPESTRI),
	[0x62] = SSE66_IB(PCMPISTRM), [0x63] = SSE66_IB(PCMPISTRI),
	[0xcc] = PFX(I3(SHA1RNDS4, Vx, Wx, Ib), BAD, BAD, BAD),
	[0xce] = SSE66_IB(GF2P8AFFINEQB), [0xcf] = SSE66_IB(GF2P8AFFINEINVQB),
	[0xdf] = SSE66_IB(AESKEYGENASSIST),
};
