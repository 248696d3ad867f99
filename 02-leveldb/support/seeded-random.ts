// Loaded before article.ts (`node --import`) when the article demo or a test gives a seed. The article's
// remote service draws its failures from Math.random, and article.ts keeps that line as the article
// wrote it; this makes the draws repeat from run to run, from the seed in ARTICLE_SEED.
import { seededRandom } from '../../common/random.ts';

const seed = process.env.ARTICLE_SEED;
if (seed !== undefined && seed !== '') Math.random = seededRandom(Number(seed));
