/**
 * Two semantic routes with enough examples (20 each) for the route classifier to learn the built-in
 * background of everyday requests as a class of its own, as it does for routes of that size.
 */
export const RICH_UTTERANCES = {
  code: [
    'write a python function that parses this json file',
    'fix the bug in this python function',
    'why does this javascript function throw an error',
    'refactor this java class into smaller functions',
    'write a sql query that joins these two tables',
    'how do i reverse a linked list in c',
    'explain this segmentation fault in my c program',
    'add unit tests for this typescript module',
    'why is my react component rendering twice',
    'convert this bash script to python',
    'optimise this slow database query',
    'what does this regular expression match',
    'implement binary search in go',
    'my rust code does not compile, borrow checker error',
    'write a dockerfile for this node service',
    '写一个快速排序的函数',
    '这段代码为什么报空指针异常',
    '帮我重构这个类',
    '如何用python读取csv文件',
    '这个sql查询太慢了怎么优化',
  ],
  translation: [
    'translate this paragraph into french',
    'translate the following sentence into german',
    'translate this email into spanish for me',
    'translate these lyrics into japanese',
    'translate this contract into english',
    'how do you say good morning in italian',
    'what is the english word for schadenfreude',
    'put this menu into portuguese',
    'render this poem in korean',
    'give me the russian translation of this text',
    'how would a native speaker say this in french',
    'translate this product description for our german site',
    'what does this arabic phrase mean in english',
    'translate my cover letter into dutch',
    'say thank you very much in chinese',
    '把这段话翻译成英文',
    '请翻译成日语',
    '这句话用法语怎么说',
    '帮我把这封邮件翻译成德语',
    '翻译一下这份合同',
  ],
};

/** The two routes `code` and `translation`, each sending to the model named for it. */
export function richRoutes(models: { code: string; translation: string }) {
  return [
    { name: 'code', models: [models.code], utterances: RICH_UTTERANCES.code },
    { name: 'translation', models: [models.translation], utterances: RICH_UTTERANCES.translation },
  ];
}
