/**
 * Function words of English and Chinese (Chinese ones as single characters, so a few compounds such
 * as 首都 lose a character). Every kind of prompt uses them: two prompts that share only these ask
 * different things. Question words (what, how, why) stay, they tell questions apart.
 */
export const ENGLISH_STOP_WORDS: readonly string[] = (
  'a an the and or but of to in on at for from with by about as into is are was were be been am do does did ' +
  'have has had i me my you your we our us it its this that these those he she they them their his her so then ' +
  'there here some any just also s t ll re ve d m'
).split(' ');
export const CHINESE_STOP_CHARACTERS = '的了是我你他她它们在和与及有个这那吗呢吧啊请把也就都要会能对着给一';

/** A whole English function word, or one Chinese function character. */
const WORDS = new RegExp(
  `(?<![\\p{L}\\p{N}_])(?:${ENGLISH_STOP_WORDS.join('|')})(?![\\p{L}\\p{N}_])|[${CHINESE_STOP_CHARACTERS}]`,
  'gu',
);

/** `text` (normalised: lower case, single spaces) without its function words. */
export function dropStopWords(text: string): string {
  return text.replace(WORDS, ' ').replace(/ {2,}/g, ' ').trim();
}
