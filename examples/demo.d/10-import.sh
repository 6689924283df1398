# Step 10: import the example SFM folder and FMTR rows (illustrative, see examples/README.md),
# then show a unit with its hierarchy, commander, alleged incident and training, every fact cited.
echo
echo "== import the example Security Force Monitor folder and training rows"
$FC import sfm examples/sfm
$FC import fmtr examples/fmtr_example.tsv
echo "== importing again changes nothing"
$FC import sfm examples/sfm
echo
$FC show unit "Policía Municipal de Iguala"
