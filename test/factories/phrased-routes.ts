/**
 * Examples of two semantic routes that share their phrasing ("can you …", "could you …") besides
 * their subject, so a prompt phrased the same way but about something else scores high on wording
 * alone: what the content gate has to see through.
 */
export const PHRASED_UTTERANCES = {
  code: [
    'can you write a python function that parses this json file',
    'can you fix the bug in this python function',
    'can you explain why this javascript function throws an error',
    'can you refactor this java class into smaller functions',
    'can you write a sql query that joins these two tables',
  ],
  translation: [
    'could you translate this paragraph into french',
    'could you translate the following sentence into german',
    'could you translate this email into spanish for me',
    'could you translate these lyrics into japanese',
    'could you translate this contract into english',
  ],
};

/** The two routes `code` and `translation`, each sending to the model named for it. */
export function phrasedRoutes(models: { code: string; translation: string }) {
  return [
    { name: 'code', models: [models.code], utterances: PHRASED_UTTERANCES.code },
    { name: 'translation', models: [models.translation], utterances: PHRASED_UTTERANCES.translation },
  ];
}
