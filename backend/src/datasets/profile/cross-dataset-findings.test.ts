import assert from 'node:assert/strict';
import { buildQualityReport } from './quality-report.ts';
import { crossDatasetFindings } from './cross-dataset-findings.ts';
import { profileRows as profileOf } from './test-tables.ts';

describe('findings across datasets', () => {
  const products = profileOf(['product', 'series'], [['GTX Pro', 'GTX'], ['GTX Basic', 'GTX'], ['MG Special', 'MG']]);
  const pipeline = profileOf(
    ['deal', 'product', 'stage'],
    Array.from({ length: 60 }, (_, index) => [`D${index}`, ['GTXPro', 'GTX Basic', 'MG Special'][index % 3]!, index % 2 ? 'Won' : 'Lost']),
  );

  it('should name a join key spelled differently in another dataset', () => {
    const [finding, ...rest] = crossDatasetFindings(pipeline, [{ name: 'products.csv', profile: products }]);
    assert.equal(rest.length, 0);
    assert.equal(finding?.code, 'join_mismatch');
    assert.deepEqual(finding?.columns, ['product']);
    assert.match(finding!.message, /"GTXPro" \(20 rows\) is "GTX Pro" in products\.csv/);
  });

  it('should say nothing when the spellings agree or the columns differ', () => {
    const agreeing = profileOf(['product'], [['GTX Pro'], ['MG Special']]);
    assert.deepEqual(crossDatasetFindings(agreeing, [{ name: 'products.csv', profile: products }]), []);
    const unrelated = profileOf(['sku'], [['GTXPro']]);
    assert.deepEqual(crossDatasetFindings(unrelated, [{ name: 'products.csv', profile: products }]), []);
    assert.equal(buildQualityReport(pipeline, undefined).findings.some((finding) => finding.code === 'join_mismatch'), false, 'a single dataset alone cannot show it');
  });
});
