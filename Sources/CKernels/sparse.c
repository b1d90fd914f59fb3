/* Exact sparse products: a merge of two sorted lists, and the same sums accumulated over
 * postings. Both add the shared entries' products in ascending index order from 0, one
 * float multiply and one float add each, so a pair rounds the same either way. */
#pragma STDC FP_CONTRACT OFF

#include "CKernels.h"

float cm_sparse_dot(const uint32_t *ai, const float *av, size_t an, const uint32_t *bi, const float *bv, size_t bn) {
    float sum = 0;
    size_t x = 0, y = 0;
    while (x < an && y < bn) {
        uint32_t a = ai[x], b = bi[y];
        if (a == b) {
            float p = av[x] * bv[y];
            sum = sum + p;
            x++;
            y++;
        } else if (a < b) {
            x++;
        } else {
            y++;
        }
    }
    return sum;
}

size_t cm_sparse_scatter(const uint32_t *qi, const float *qv, size_t qn, const cm_sparse *postings, float *acc,
                         uint8_t *mark, uint32_t *touched, size_t count) {
    for (size_t x = 0; x < qn; x++) {
        const uint32_t t = qi[x];
        const float q = qv[x];
        const uint32_t end = postings->start[t + 1];
        for (uint32_t e = postings->start[t]; e < end; e++) {
            const uint32_t r = postings->index[e];
            float p = q * postings->value[e];
            acc[r] = acc[r] + p;
            if (!mark[r]) { mark[r] = 1; touched[count++] = r; }
        }
    }
    return count;
}
